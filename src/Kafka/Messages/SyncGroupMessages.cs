namespace Actors.Kafka.Messages;

/// <summary>
/// SyncGroup request (key 14, v0-5): every member sends one after joining; the leader's carries the assignment it
/// computed for each member.
/// </summary>
public sealed class SyncGroupRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.SyncGroup;
    public string GroupId { get; set; } = "";
    public int GenerationId { get; set; }
    public string MemberId { get; set; } = "";
    public string? GroupInstanceId { get; set; }
    public string? ProtocolType { get; set; }
    public string? ProtocolName { get; set; }
    public List<Assignment> Assignments { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        GroupId = c.String(GroupId);
        GenerationId = c.Int32(GenerationId);
        MemberId = c.String(MemberId);
        if (c.Version >= 3) GroupInstanceId = c.NullableString(GroupInstanceId);
        if (c.Version >= 5)
        {
            ProtocolType = c.NullableString(ProtocolType);
            ProtocolName = c.NullableString(ProtocolName);
        }

        Assignments = c.Array(Assignments);
        c.TaggedFields();
    }

    /// <summary>The opaque assignment the leader gives one member.</summary>
    public sealed class Assignment : IKafkaStruct
    {
        public string MemberId { get; set; } = "";
        public ReadOnlyMemory<byte> Bytes { get; set; }

        public void Serde(KafkaCodec c)
        {
            MemberId = c.String(MemberId);
            Bytes = c.Bytes(Bytes);
            c.TaggedFields();
        }
    }
}

/// <summary>SyncGroup response (key 14, v0-5): this member's assignment.</summary>
public sealed class SyncGroupResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.SyncGroup;
    public int ThrottleTimeMs { get; set; }
    public short ErrorCode { get; set; }
    public string? ProtocolType { get; set; }
    public string? ProtocolName { get; set; }
    public ReadOnlyMemory<byte> Assignment { get; set; }

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        ErrorCode = c.Int16(ErrorCode);
        if (c.Version >= 5)
        {
            ProtocolType = c.NullableString(ProtocolType);
            ProtocolName = c.NullableString(ProtocolName);
        }

        Assignment = c.Bytes(Assignment);
        c.TaggedFields();
    }
}
