namespace Actors.Kafka.Messages;

/// <summary>
/// Produce request (key 0, v0-9; record batches v2 from v3): acks (0 = no response, 1 = leader, -1 = all), a timeout, and per topic and
/// partition the records as record batches v2 (<see cref="Records.RecordBatch"/> decodes them). The records are a
/// slice of the request's bytes.
/// </summary>
public sealed class ProduceRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.Produce;
    public string? TransactionalId { get; set; }
    public short Acks { get; set; } = -1;
    public int TimeoutMs { get; set; } = 30_000;
    public List<Topic> TopicData { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 3) TransactionalId = c.NullableString(TransactionalId);
        Acks = c.Int16(Acks);
        TimeoutMs = c.Int32(TimeoutMs);
        TopicData = c.Array(TopicData);
        c.TaggedFields();
    }

    /// <summary>One topic's partitions.</summary>
    public sealed class Topic : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public List<Partition> PartitionData { get; set; } = [];

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            PartitionData = c.Array(PartitionData);
            c.TaggedFields();
        }
    }

    /// <summary>One partition's record batches.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public int Index { get; set; }
        public ReadOnlyMemory<byte>? Records { get; set; }

        public void Serde(KafkaCodec c)
        {
            Index = c.Int32(Index);
            Records = c.NullableBytes(Records);
            c.TaggedFields();
        }
    }
}
