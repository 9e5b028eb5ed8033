namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// Marks every message of the Kafka group protocol that crosses nodes or reaches the journal; all are bound to
/// <see cref="KafkaGroupsSerializer"/>. The Kafka request and response objects never travel: the handlers
/// (<see cref="KafkaGroupApis"/>) translate them into these records and back, so the wire between nodes does not
/// depend on Kafka's API versions.
/// </summary>
public interface IKafkaGroupsWireMessage;

/// <summary>A command for one Kafka group's entity: the shard region routes it by <see cref="GroupId"/>.</summary>
public interface IWithKafkaGroupId : IKafkaGroupsWireMessage
{
    string GroupId { get; }
}

/// <summary>An assignment protocol a member supports (e.g. "range") with its opaque subscription metadata.</summary>
public sealed record GroupProtocol(string Name, byte[] Metadata);

/// <summary>
/// JoinGroup, as the entity sees it: who joins (empty <see cref="MemberId"/> on a first join), from which client
/// and host, with which timeouts and protocols. <see cref="RequireKnownMemberId"/> is set from JoinGroup v4 on:
/// a first join is then answered MEMBER_ID_REQUIRED with the id to join with.
/// </summary>
public sealed record JoinKafkaGroup(string GroupId, string MemberId, string? GroupInstanceId, string ClientId, string ClientHost,
    int SessionTimeoutMs, int RebalanceTimeoutMs, string ProtocolType, IReadOnlyList<GroupProtocol> Protocols, bool RequireKnownMemberId)
    : IWithKafkaGroupId;

/// <summary>A member and its metadata for the chosen protocol, as the leader gets them to compute the assignment.</summary>
public sealed record JoinedMember(string MemberId, string? GroupInstanceId, byte[] Metadata);

/// <summary>The answer to <see cref="JoinKafkaGroup"/>; <see cref="Members"/> is filled for the leader only.</summary>
public sealed record KafkaGroupJoined(short ErrorCode, int GenerationId, string? ProtocolType, string? ProtocolName, string Leader,
    string MemberId, IReadOnlyList<JoinedMember> Members) : IKafkaGroupsWireMessage
{
    /// <summary>A refusal: no generation, no protocol, only the error (and the member id, echoed or new).</summary>
    public static KafkaGroupJoined Error(ErrorCode error, string memberId = "") =>
        new((short)error, -1, null, null, "", memberId, []);
}

/// <summary>The assignment the leader gives one member, opaque to the coordinator.</summary>
public sealed record MemberAssignment(string MemberId, byte[] Assignment);

/// <summary>SyncGroup: every member sends one after joining; the leader's carries the assignments.</summary>
public sealed record SyncKafkaGroup(string GroupId, int GenerationId, string MemberId, string? ProtocolType, string? ProtocolName,
    IReadOnlyList<MemberAssignment> Assignments) : IWithKafkaGroupId;

/// <summary>The answer to <see cref="SyncKafkaGroup"/>: this member's assignment.</summary>
public sealed record KafkaGroupSynced(short ErrorCode, string? ProtocolType, string? ProtocolName, byte[] Assignment) : IKafkaGroupsWireMessage
{
    public static KafkaGroupSynced Error(ErrorCode error) => new((short)error, null, null, []);
}

/// <summary>Heartbeat: a member says it is alive in its generation; answered with a <see cref="KafkaGroupAnswer"/>.</summary>
public sealed record KafkaHeartbeat(string GroupId, int GenerationId, string MemberId) : IWithKafkaGroupId;

/// <summary>An answer that is only an error code (Heartbeat, OffsetCommit).</summary>
public sealed record KafkaGroupAnswer(short ErrorCode) : IKafkaGroupsWireMessage
{
    public static KafkaGroupAnswer Of(ErrorCode error) => new((short)error);
}

/// <summary>LeaveGroup: one member (v0-2) or several (v3+) leave.</summary>
public sealed record LeaveKafkaGroup(string GroupId, IReadOnlyList<string> MemberIds) : IWithKafkaGroupId;

/// <summary>One leaving member's result.</summary>
public sealed record MemberLeft(string MemberId, short ErrorCode);

/// <summary>The answer to <see cref="LeaveKafkaGroup"/>: a result per member named.</summary>
public sealed record KafkaGroupLeft(IReadOnlyList<MemberLeft> Members) : IKafkaGroupsWireMessage;

/// <summary>
/// A committed offset of one partition, with the metadata string the client gave (kept as given, "" for none)
/// and the time it was committed (Unix ms).
/// </summary>
public sealed record CommittedOffset(string Topic, int Partition, long Offset, string Metadata, long CommitTimestamp);

/// <summary>
/// OffsetCommit: a member of <see cref="GenerationId"/> (or a standalone consumer: generation -1, no member)
/// commits offsets; answered with a <see cref="KafkaGroupAnswer"/> once they are in the journal.
/// </summary>
public sealed record CommitKafkaOffsets(string GroupId, int GenerationId, string MemberId, IReadOnlyList<CommittedOffset> Offsets) : IWithKafkaGroupId;

/// <summary>A topic's partition, as OffsetFetch names it.</summary>
public sealed record KafkaTopicPartition(string Topic, int Partition);

/// <summary>OffsetFetch: the committed offsets of some partitions, or of all when <see cref="Partitions"/> is null.</summary>
public sealed record FetchKafkaOffsets(string GroupId, IReadOnlyList<KafkaTopicPartition>? Partitions) : IWithKafkaGroupId;

/// <summary>The answer to <see cref="FetchKafkaOffsets"/>: the committed offsets among those asked for (none for a partition never committed).</summary>
public sealed record KafkaOffsets(IReadOnlyList<CommittedOffset> Offsets) : IKafkaGroupsWireMessage;

/// <summary>DescribeGroups (and ListGroups, per group): the group's state, protocol and members.</summary>
public sealed record DescribeKafkaGroup(string GroupId) : IWithKafkaGroupId;

/// <summary>A member as DescribeGroups shows it; metadata and assignment only while the group is Stable.</summary>
public sealed record DescribedMember(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment);

/// <summary>
/// A group as DescribeGroups shows it: <see cref="State"/> is Kafka's name (Empty, PreparingRebalance,
/// CompletingRebalance, Stable, or Dead for a group that never had members or offsets).
/// </summary>
public sealed record KafkaGroupDescription(string GroupId, string State, string ProtocolType, string Protocol, IReadOnlyList<DescribedMember> Members)
    : IKafkaGroupsWireMessage;
