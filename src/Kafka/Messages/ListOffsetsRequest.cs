namespace Actors.Kafka.Messages;

/// <summary>
/// ListOffsets request (key 2, v0-6): per partition a timestamp, or -2 for the earliest offset and -1 for the
/// latest; v0 also asks how many offsets (always answered with one).
/// </summary>
public sealed class ListOffsetsRequest : IKafkaMessage
{
    /// <summary>The timestamp that asks for the latest offset (the next one to be written).</summary>
    public const long Latest = -1;

    /// <summary>The timestamp that asks for the earliest retained offset.</summary>
    public const long Earliest = -2;

    public ApiKey Api => ApiKey.ListOffsets;
    public int ReplicaId { get; set; } = -1;
    public sbyte IsolationLevel { get; set; }
    public List<Topic> Topics { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        ReplicaId = c.Int32(ReplicaId);
        if (c.Version >= 2) IsolationLevel = c.Int8(IsolationLevel);
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

    /// <summary>One partition and the timestamp to look up.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public int PartitionIndex { get; set; }
        public int CurrentLeaderEpoch { get; set; } = -1;
        public long Timestamp { get; set; }
        public int MaxNumOffsets { get; set; } = 1;

        public void Serde(KafkaCodec c)
        {
            PartitionIndex = c.Int32(PartitionIndex);
            if (c.Version >= 4) CurrentLeaderEpoch = c.Int32(CurrentLeaderEpoch);
            Timestamp = c.Int64(Timestamp);
            if (c.Version == 0) MaxNumOffsets = c.Int32(MaxNumOffsets);
            c.TaggedFields();
        }
    }
}
