namespace Actors.Kafka.Messages;

/// <summary>
/// JoinGroup request (key 11, v0-7): a member (empty id on its first join) asks to join a group with the
/// assignment protocols it supports, each with its opaque subscription metadata.
/// </summary>
public sealed class JoinGroupRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.JoinGroup;
    public string GroupId { get; set; } = "";
    public int SessionTimeoutMs { get; set; }
    public int RebalanceTimeoutMs { get; set; } = -1;
    public string MemberId { get; set; } = "";
    public string? GroupInstanceId { get; set; }
    public string ProtocolType { get; set; } = "";
    public List<Protocol> Protocols { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        GroupId = c.String(GroupId);
        SessionTimeoutMs = c.Int32(SessionTimeoutMs);
        if (c.Version >= 1) RebalanceTimeoutMs = c.Int32(RebalanceTimeoutMs);
        MemberId = c.String(MemberId);
        if (c.Version >= 5) GroupInstanceId = c.NullableString(GroupInstanceId);
        ProtocolType = c.String(ProtocolType);
        Protocols = c.Array(Protocols);
        c.TaggedFields();
    }

    /// <summary>An assignment protocol (e.g. "range") and the member's metadata for it.</summary>
    public sealed class Protocol : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public ReadOnlyMemory<byte> Metadata { get; set; }

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            Metadata = c.Bytes(Metadata);
            c.TaggedFields();
        }
    }
}
