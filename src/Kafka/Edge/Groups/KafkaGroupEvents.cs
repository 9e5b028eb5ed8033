namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// Offsets a group committed, as journaled by its entity: committed offsets are the only durable group state
/// (membership is rebuilt by the clients, which rejoin on UNKNOWN_MEMBER_ID after the entity moves).
/// </summary>
public sealed record KafkaOffsetsCommitted(IReadOnlyList<CommittedOffset> Offsets) : IKafkaGroupsWireMessage;

/// <summary>Every committed offset of a group at one point, so recovery replays only the commits after it.</summary>
public sealed record KafkaGroupSnapshot(IReadOnlyList<CommittedOffset> Offsets) : IKafkaGroupsWireMessage;

/// <summary>A command for the registry of Kafka group names (one entity of its own region).</summary>
public interface IKafkaGroupRegistryCommand : IKafkaGroupsWireMessage;

/// <summary>A group tells the registry it exists (on its first join or commit, and again after each start); answered <see cref="KafkaGroupRegistered"/>.</summary>
public sealed record RegisterKafkaGroup(string GroupId) : IKafkaGroupRegistryCommand;

/// <summary>The registry has the group's name in its journal.</summary>
public sealed record KafkaGroupRegistered(string GroupId) : IKafkaGroupsWireMessage;

/// <summary>Asks the registry for every group name; answered <see cref="KafkaGroupNames"/>.</summary>
public sealed record ListKafkaGroups : IKafkaGroupRegistryCommand
{
    public static ListKafkaGroups Instance { get; } = new();

    private ListKafkaGroups()
    {
    }
}

/// <summary>Every Kafka group the cluster has seen, in the order they were first registered.</summary>
public sealed record KafkaGroupNames(IReadOnlyList<string> GroupIds) : IKafkaGroupsWireMessage;

/// <summary>The registry's journal event: a group name seen for the first time.</summary>
public sealed record KafkaGroupAdded(string GroupId) : IKafkaGroupsWireMessage;

/// <summary>The registry's snapshot: every name it holds.</summary>
public sealed record KafkaGroupRegistrySnapshot(IReadOnlyList<string> GroupIds) : IKafkaGroupsWireMessage;
