using Actors.Serialization;
using Actors.Topics;

namespace Actors.Partitions;

/// <summary>Ask a partition for its offsets, groups and the node hosting it; answered with <see cref="PartitionDescription"/>.</summary>
public sealed record DescribePartition(TopicName Topic, int Partition) : IPartitionCommand, IActorsWireMessage;

/// <summary>A partition's status and the address of the node that hosts it now (<c>akka.tcp://system@host:port</c>).</summary>
public sealed record PartitionDescription(PartitionStatus Status, string Node) : IActorsWireMessage;

/// <summary>
/// Part of a topic's deletion: the partition refuses new publishes, lets the writes in flight finish, deletes its
/// journal events and snapshots and stops; answered with <see cref="PartitionDeleted"/> (again by every later
/// incarnation, which finds nothing to delete). It is handled before the topic's spec is known, because the
/// registry no longer knows the topic.
/// </summary>
internal sealed record DeletePartition(TopicName Topic, int Partition) : IPartitionCommand, IActorsWireMessage;

/// <summary>The partition's journal is deleted; <paramref name="Groups"/> are the groups that had a position on it.</summary>
internal sealed record PartitionDeleted(TopicName Topic, int Partition, IReadOnlyList<GroupName> Groups) : IActorsWireMessage;
