namespace Actors.Kafka.Messages;

/// <summary>ListOffsets response (key 2, v0-6): per partition the offset found (v0: a list of offsets).</summary>
public sealed class ListOffsetsResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.ListOffsets;
    public int ThrottleTimeMs { get; set; }
    public List<Topic> Topics { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 2) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        Topics = c.Array(Topics);
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

    /// <summary>One partition's offset.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public int PartitionIndex { get; set; }
        public short ErrorCode { get; set; }
        public List<long> OldStyleOffsets { get; set; } = [];
        public long Timestamp { get; set; } = -1;
        public long Offset { get; set; } = -1;
        public int LeaderEpoch { get; set; } = -1;

        public void Serde(KafkaCodec c)
        {
            PartitionIndex = c.Int32(PartitionIndex);
            ErrorCode = c.Int16(ErrorCode);
            if (c.Version == 0) OldStyleOffsets = c.Int64s(OldStyleOffsets);
            if (c.Version >= 1)
            {
                Timestamp = c.Int64(Timestamp);
                Offset = c.Int64(Offset);
            }

            if (c.Version >= 4) LeaderEpoch = c.Int32(LeaderEpoch);
            c.TaggedFields();
        }
    }
}
