namespace Actors.Kafka.Messages;

/// <summary>LeaveGroup request (key 13, v0-4): one member leaves (v0-2), or several at once (v3+).</summary>
public sealed class LeaveGroupRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.LeaveGroup;
    public string GroupId { get; set; } = "";
    public string MemberId { get; set; } = "";
    public List<Member> Members { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        GroupId = c.String(GroupId);
        if (c.Version <= 2) MemberId = c.String(MemberId);
        else Members = c.Array(Members);
        c.TaggedFields();
    }

    /// <summary>A leaving member.</summary>
    public sealed class Member : IKafkaStruct
    {
        public string MemberId { get; set; } = "";
        public string? GroupInstanceId { get; set; }

        public void Serde(KafkaCodec c)
        {
            MemberId = c.String(MemberId);
            GroupInstanceId = c.NullableString(GroupInstanceId);
            c.TaggedFields();
        }
    }
}

/// <summary>LeaveGroup response (key 13, v0-4): an error code, and per member (v3+) its own.</summary>
public sealed class LeaveGroupResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.LeaveGroup;
    public int ThrottleTimeMs { get; set; }
    public short ErrorCode { get; set; }
    public List<Member> Members { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        ErrorCode = c.Int16(ErrorCode);
        if (c.Version >= 3) Members = c.Array(Members);
        c.TaggedFields();
    }

    /// <summary>One leaving member's result.</summary>
    public sealed class Member : IKafkaStruct
    {
        public string MemberId { get; set; } = "";
        public string? GroupInstanceId { get; set; }
        public short ErrorCode { get; set; }

        public void Serde(KafkaCodec c)
        {
            MemberId = c.String(MemberId);
            GroupInstanceId = c.NullableString(GroupInstanceId);
            ErrorCode = c.Int16(ErrorCode);
            c.TaggedFields();
        }
    }
}
