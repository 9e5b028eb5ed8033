namespace Actors.Kafka.Messages;

/// <summary>FindCoordinator request (key 10, v0-3): which broker coordinates a group (key type 0) or a transaction (1).</summary>
public sealed class FindCoordinatorRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.FindCoordinator;
    public string Key { get; set; } = "";
    public sbyte KeyType { get; set; }

    public void Serde(KafkaCodec c)
    {
        Key = c.String(Key);
        if (c.Version >= 1) KeyType = c.Int8(KeyType);
        c.TaggedFields();
    }
}

/// <summary>FindCoordinator response (key 10, v0-3): the coordinating broker's id and address.</summary>
public sealed class FindCoordinatorResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.FindCoordinator;
    public int ThrottleTimeMs { get; set; }
    public short ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public int NodeId { get; set; } = -1;
    public string Host { get; set; } = "";
    public int Port { get; set; } = -1;

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        ErrorCode = c.Int16(ErrorCode);
        if (c.Version >= 1) ErrorMessage = c.NullableString(ErrorMessage);
        NodeId = c.Int32(NodeId);
        Host = c.String(Host);
        Port = c.Int32(Port);
        c.TaggedFields();
    }
}
