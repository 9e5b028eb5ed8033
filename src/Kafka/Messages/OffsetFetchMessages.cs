namespace Actors.Kafka.Messages;

/// <summary>OffsetFetch request (key 9, v0-7): a group's committed offsets for some partitions, or (null topics, v2+) all.</summary>
public sealed class OffsetFetchRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.OffsetFetch;
    public string GroupId { get; set; } = "";
    public List<Topic>? Topics { get; set; } = [];
    public bool RequireStable { get; set; }

    public void Serde(KafkaCodec c)
    {
        GroupId = c.String(GroupId);
        Topics = c.Version >= 2 ? c.NullableArray(Topics) : c.Array(Topics ?? []);
        if (c.Version >= 7) RequireStable = c.Bool(RequireStable);
        c.TaggedFields();
    }

    /// <summary>One topic's partitions.</summary>
    public sealed class Topic : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public List<int> PartitionIndexes { get; set; } = [];

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            PartitionIndexes = c.Int32s(PartitionIndexes);
            c.TaggedFields();
        }
    }
}

/// <summary>OffsetFetch response (key 9, v0-7): per partition the committed offset (-1 for none) and its metadata.</summary>
public sealed class OffsetFetchResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.OffsetFetch;
    public int ThrottleTimeMs { get; set; }
    public List<Topic> Topics { get; set; } = [];
    public short ErrorCode { get; set; }

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 3) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        Topics = c.Array(Topics);
        if (c.Version >= 2) ErrorCode = c.Int16(ErrorCode);
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

    /// <summary>One partition's committed offset.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public int PartitionIndex { get; set; }
        public long CommittedOffset { get; set; } = -1;
        public int CommittedLeaderEpoch { get; set; } = -1;
        public string? Metadata { get; set; }
        public short ErrorCode { get; set; }

        public void Serde(KafkaCodec c)
        {
            PartitionIndex = c.Int32(PartitionIndex);
            CommittedOffset = c.Int64(CommittedOffset);
            if (c.Version >= 5) CommittedLeaderEpoch = c.Int32(CommittedLeaderEpoch);
            Metadata = c.NullableString(Metadata);
            ErrorCode = c.Int16(ErrorCode);
            c.TaggedFields();
        }
    }
}
