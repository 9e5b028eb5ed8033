namespace Actors.Kafka.Messages;

/// <summary>Heartbeat request (key 12, v0-4): a member says it is alive in its generation.</summary>
public sealed class HeartbeatRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.Heartbeat;
    public string GroupId { get; set; } = "";
    public int GenerationId { get; set; }
    public string MemberId { get; set; } = "";
    public string? GroupInstanceId { get; set; }

    public void Serde(KafkaCodec c)
    {
        GroupId = c.String(GroupId);
        GenerationId = c.Int32(GenerationId);
        MemberId = c.String(MemberId);
        if (c.Version >= 3) GroupInstanceId = c.NullableString(GroupInstanceId);
        c.TaggedFields();
    }
}

/// <summary>Heartbeat response (key 12, v0-4): an error code; REBALANCE_IN_PROGRESS tells the member to rejoin.</summary>
public sealed class HeartbeatResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.Heartbeat;
    public int ThrottleTimeMs { get; set; }
    public short ErrorCode { get; set; }

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        ErrorCode = c.Int16(ErrorCode);
        c.TaggedFields();
    }
}
