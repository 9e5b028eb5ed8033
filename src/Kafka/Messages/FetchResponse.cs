namespace Actors.Kafka.Messages;

/// <summary>
/// Fetch response (key 1, v4-12): per partition an error code, the high watermark, the log start offset and the
/// record batches read (v2 batches, as written by <see cref="Records.RecordBatchWriter"/> or as produced).
/// </summary>
public sealed class FetchResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.Fetch;
    public int ThrottleTimeMs { get; set; }
    public short ErrorCode { get; set; }
    public int SessionId { get; set; }
    public List<Topic> Responses { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        if (c.Version >= 7)
        {
            ErrorCode = c.Int16(ErrorCode);
            SessionId = c.Int32(SessionId);
        }

        Responses = c.Array(Responses);
        c.TaggedFields();
    }

    /// <summary>One topic's partitions.</summary>
    public sealed class Topic : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public List<Partition> Partitions { get; set; } = [];

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            Partitions = c.Array(Partitions);
            c.TaggedFields();
        }
    }

    /// <summary>One partition's records and offsets.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public int PartitionIndex { get; set; }
        public short ErrorCode { get; set; }
        public long HighWatermark { get; set; }
        public long LastStableOffset { get; set; } = -1;
        public long LogStartOffset { get; set; } = -1;
        public List<AbortedTransaction>? AbortedTransactions { get; set; }
        public int PreferredReadReplica { get; set; } = -1;
        public ReadOnlyMemory<byte>? Records { get; set; }

        public void Serde(KafkaCodec c)
        {
            PartitionIndex = c.Int32(PartitionIndex);
            ErrorCode = c.Int16(ErrorCode);
            HighWatermark = c.Int64(HighWatermark);
            if (c.Version >= 4) LastStableOffset = c.Int64(LastStableOffset);
            if (c.Version >= 5) LogStartOffset = c.Int64(LogStartOffset);
            if (c.Version >= 4) AbortedTransactions = c.NullableArray(AbortedTransactions);
            if (c.Version >= 11) PreferredReadReplica = c.Int32(PreferredReadReplica);
            Records = c.NullableBytes(Records);
            c.TaggedFields();
        }
    }

    /// <summary>A transaction aborted inside the returned range (none here: Actors has no transactions).</summary>
    public sealed class AbortedTransaction : IKafkaStruct
    {
        public long ProducerId { get; set; }
        public long FirstOffset { get; set; }

        public void Serde(KafkaCodec c)
        {
            ProducerId = c.Int64(ProducerId);
            FirstOffset = c.Int64(FirstOffset);
            c.TaggedFields();
        }
    }
}
