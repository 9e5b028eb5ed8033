using Actors.Serialization;
using Actors.Topics;

namespace Actors.Consumers;

/// <summary>
/// Where a node's other doors show their consumer groups to operators: the Kafka edge registers one with
/// <see cref="Broker.AddExternalGroups"/> as the node starts, so <c>actors groups</c> and <c>actors topics</c> list
/// Kafka groups beside native ones while the core knows nothing of Kafka. Each source answers in the core's own
/// records (<see cref="ExternalGroupInfo"/>), which the gateway carries to the command line.
/// </summary>
public interface IExternalGroupSource
{
    /// <summary>Every group of this source that has members or committed offsets.</summary>
    Task<IReadOnlyList<ExternalGroupInfo>> ListAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Ask a node for the groups of its other doors (<see cref="IExternalGroupSource"/>); answered with <see cref="ExternalGroupList"/>.</summary>
public sealed class ListExternalGroups : IActorsWireMessage
{
    public static ListExternalGroups Instance { get; } = new();
    private ListExternalGroups() { }
}

/// <summary>Every group the node's other doors know, by name.</summary>
public sealed record ExternalGroupList(IReadOnlyList<ExternalGroupInfo> Groups) : IActorsWireMessage;

/// <summary>
/// A group run by another door: its <see cref="Kind"/> (<see cref="GroupKinds"/>), its state (active, empty or
/// rebalancing), its members and the offset it committed on each partition (the next one it reads).
/// </summary>
public sealed record ExternalGroupInfo(GroupName Group, string Kind, string State, IReadOnlyList<ExternalGroupMember> Members,
    IReadOnlyList<ExternalGroupOffset> Offsets);

/// <summary>A member: its id, its client's id and host, and the partitions it was assigned (empty when the assignment is not known).</summary>
public sealed record ExternalGroupMember(string Member, string Client, string Host, IReadOnlyList<ExternalTopicPartition> Partitions);

/// <summary>One partition of a topic.</summary>
public sealed record ExternalTopicPartition(TopicName Topic, int Partition);

/// <summary>The group's committed offset on one partition.</summary>
public sealed record ExternalGroupOffset(TopicName Topic, int Partition, long Offset);
