namespace Actors.Kafka.Messages;

/// <summary>
/// JoinGroup response (key 11, v0-7): the generation, the chosen protocol, the leader, the member's id, and (to
/// the leader only) every member's metadata so it can compute the assignment.
/// </summary>
public sealed class JoinGroupResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.JoinGroup;
    public int ThrottleTimeMs { get; set; }
    public short ErrorCode { get; set; }
    public int GenerationId { get; set; } = -1;
    public string? ProtocolType { get; set; }
    public string? ProtocolName { get; set; }
    public string Leader { get; set; } = "";
    public string MemberId { get; set; } = "";
    public List<Member> Members { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 2) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        ErrorCode = c.Int16(ErrorCode);
        GenerationId = c.Int32(GenerationId);
        if (c.Version >= 7) ProtocolType = c.NullableString(ProtocolType);
        ProtocolName = c.Version >= 7 ? c.NullableString(ProtocolName) : c.String(ProtocolName ?? "");
        Leader = c.String(Leader);
        MemberId = c.String(MemberId);
        Members = c.Array(Members);
        c.TaggedFields();
    }

    /// <summary>A member and its subscription metadata.</summary>
    public sealed class Member : IKafkaStruct
    {
        public string MemberId { get; set; } = "";
        public string? GroupInstanceId { get; set; }
        public ReadOnlyMemory<byte> Metadata { get; set; }

        public void Serde(KafkaCodec c)
        {
            MemberId = c.String(MemberId);
            if (c.Version >= 5) GroupInstanceId = c.NullableString(GroupInstanceId);
            Metadata = c.Bytes(Metadata);
            c.TaggedFields();
        }
    }
}
