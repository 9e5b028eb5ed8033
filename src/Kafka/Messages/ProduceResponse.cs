namespace Actors.Kafka.Messages;

/// <summary>
/// Produce response (key 0, v0-9): per partition an error code and the offset given to the first record of the
/// request's batch (from v8 also which batch failed and why).
/// </summary>
public sealed class ProduceResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.Produce;
    public List<Topic> Responses { get; set; } = [];
    public int ThrottleTimeMs { get; set; }

    public void Serde(KafkaCodec c)
    {
        Responses = c.Array(Responses);
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        c.TaggedFields();
    }

    /// <summary>One topic's partition results.</summary>
    public sealed class Topic : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public List<Partition> PartitionResponses { get; set; } = [];

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            PartitionResponses = c.Array(PartitionResponses);
            c.TaggedFields();
        }
    }

    /// <summary>One partition's result.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public int Index { get; set; }
        public short ErrorCode { get; set; }
        public long BaseOffset { get; set; } = -1;
        public long LogAppendTimeMs { get; set; } = -1;
        public long LogStartOffset { get; set; } = -1;
        public List<RecordError> RecordErrors { get; set; } = [];
        public string? ErrorMessage { get; set; }

        public void Serde(KafkaCodec c)
        {
            Index = c.Int32(Index);
            ErrorCode = c.Int16(ErrorCode);
            BaseOffset = c.Int64(BaseOffset);
            if (c.Version >= 2) LogAppendTimeMs = c.Int64(LogAppendTimeMs);
            if (c.Version >= 5) LogStartOffset = c.Int64(LogStartOffset);
            if (c.Version >= 8)
            {
                RecordErrors = c.Array(RecordErrors);
                ErrorMessage = c.NullableString(ErrorMessage);
            }

            c.TaggedFields();
        }
    }

    /// <summary>Which record of the batch failed, and why (v8+).</summary>
    public sealed class RecordError : IKafkaStruct
    {
        public int BatchIndex { get; set; }
        public string? BatchIndexErrorMessage { get; set; }

        public void Serde(KafkaCodec c)
        {
            BatchIndex = c.Int32(BatchIndex);
            BatchIndexErrorMessage = c.NullableString(BatchIndexErrorMessage);
            c.TaggedFields();
        }
    }
}
