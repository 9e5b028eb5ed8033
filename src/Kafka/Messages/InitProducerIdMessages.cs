namespace Actors.Kafka.Messages;

/// <summary>
/// InitProducerId request (key 22, v0-4): an idempotent producer (no transactional id) asks for a producer id and
/// epoch; from v3 it may name its current ones to bump the epoch after a fatal error.
/// </summary>
public sealed class InitProducerIdRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.InitProducerId;
    public string? TransactionalId { get; set; }
    public int TransactionTimeoutMs { get; set; } = -1;
    public long ProducerId { get; set; } = -1;
    public short ProducerEpoch { get; set; } = -1;

    public void Serde(KafkaCodec c)
    {
        TransactionalId = c.NullableString(TransactionalId);
        TransactionTimeoutMs = c.Int32(TransactionTimeoutMs);
        if (c.Version >= 3)
        {
            ProducerId = c.Int64(ProducerId);
            ProducerEpoch = c.Int16(ProducerEpoch);
        }

        c.TaggedFields();
    }
}

/// <summary>InitProducerId response (key 22, v0-4): the producer id and epoch to stamp on record batches.</summary>
public sealed class InitProducerIdResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.InitProducerId;
    public int ThrottleTimeMs { get; set; }
    public short ErrorCode { get; set; }
    public long ProducerId { get; set; } = -1;
    public short ProducerEpoch { get; set; }

    public void Serde(KafkaCodec c)
    {
        ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        ErrorCode = c.Int16(ErrorCode);
        ProducerId = c.Int64(ProducerId);
        ProducerEpoch = c.Int16(ProducerEpoch);
        c.TaggedFields();
    }
}
