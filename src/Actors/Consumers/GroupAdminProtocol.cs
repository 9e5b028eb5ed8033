using Actors.Partitions;
using Actors.Serialization;
using Actors.Topics;

namespace Actors.Consumers;

/// <summary>
/// Ask a group's coordinator who its members are and which partitions each holds; answered with
/// <see cref="GroupDescription"/>. A coordinator that has just started (after a move or a restart) answers once
/// every live member has had time to announce itself (one member timeout), so the answer never misses one.
/// </summary>
public sealed record DescribeGroup(TopicName Topic, GroupName Group) : IGroupCommand, IActorsWireMessage;

/// <summary>The group's current generation and its members (none: the group is empty).</summary>
public sealed record GroupDescription(TopicName Topic, GroupName Group, long Generation, IReadOnlyList<GroupMemberInfo> Members) : IActorsWireMessage;

/// <summary>One member of a group: its name, the node it runs on (<c>akka.tcp://system@host:port</c>) and its partitions.</summary>
public sealed record GroupMemberInfo(string Member, string Node, IReadOnlyList<int> Partitions);

/// <summary>
/// Move the group's committed offset on every partition of the topic to <paramref name="Position"/> (earliest,
/// latest, an offset, or the first message at or after a time). Only an empty group is reset, as Kafka requires:
/// a group with members is answered with <see cref="GroupResetRefused"/>. While the partitions move, members that
/// join wait, so none starts from an old offset. Answered with <see cref="GroupOffsetsReset"/>.
/// </summary>
public sealed record ResetGroup(TopicName Topic, GroupName Group, StartFrom Position) : IGroupCommand, IActorsWireMessage;

/// <summary>Every partition's status after the reset (the group's committed offset is the new position).</summary>
public sealed record GroupOffsetsReset(TopicName Topic, GroupName Group, IReadOnlyList<PartitionStatus> Partitions) : IActorsWireMessage;

/// <summary>The reset was refused (the group has members, or a partition did not answer); nothing or only part moved, as the reason says.</summary>
public sealed record GroupResetRefused(TopicName Topic, GroupName Group, string Reason) : IActorsWireMessage;

/// <summary>
/// Told to each member of a group that is being deleted with its topic: the member tells its consumer (the
/// target) and stops without leaving the group, since the group is gone.
/// </summary>
public sealed record GroupStopped(TopicName Topic, GroupName Group, string Reason) : IActorsWireMessage;

/// <summary>
/// Part of a topic's deletion: the coordinator stops the group's members, deletes its journal and stops;
/// answered with <see cref="GroupDeleted"/>. Handled before the topic's spec is known: the registry no longer
/// knows the topic, and asking it would create the topic again.
/// </summary>
internal sealed record DeleteGroup(TopicName Topic, GroupName Group) : IGroupCommand, IActorsWireMessage;

/// <summary>The group's coordinator journal is deleted.</summary>
internal sealed record GroupDeleted(TopicName Topic, GroupName Group) : IActorsWireMessage;
