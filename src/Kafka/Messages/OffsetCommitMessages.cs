namespace Actors.Kafka.Messages;

/// <summary>
/// OffsetCommit request (key 8, v0-8): a group member (or a standalone consumer, generation -1) commits offsets
/// per partition, with optional metadata; v1 carries a commit time per partition, v2-4 a retention time.
/// </summary>
public sealed class OffsetCommitRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.OffsetCommit;
    public string GroupId { get; set; } = "";
    public int GenerationId { get; set; } = -1;
    public string MemberId { get; set; } = "";
    public string? GroupInstanceId { get; set; }
    public long RetentionTimeMs { get; set; } = -1;
    public List<Topic> Topics { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        GroupId = c.String(GroupId);
        if (c.Version >= 1)
        {
            GenerationId = c.Int32(GenerationId);
            MemberId = c.String(MemberId);
        }

        if (c.Version >= 7) GroupInstanceId = c.NullableString(GroupInstanceId);
        if (c.Version is >= 2 and <= 4) RetentionTimeMs = c.Int64(RetentionTimeMs);
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

    /// <summary>The offset committed for one partition.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public int PartitionIndex { get; set; }
        public long CommittedOffset { get; set; }
        public int CommittedLeaderEpoch { get; set; } = -1;
        public long CommitTimestamp { get; set; } = -1;
        public string? CommittedMetadata { get; set; }

        public void Serde(KafkaCodec c)
        {
            PartitionIndex = c.Int32(PartitionIndex);
            CommittedOffset = c.Int64(CommittedOffset);
            if (c.Version >= 6) CommittedLeaderEpoch = c.Int32(CommittedLeaderEpoch);
            if (c.Version == 1) CommitTimestamp = c.Int64(CommitTimestamp);
            CommittedMetadata = c.NullableString(CommittedMetadata);
            c.TaggedFields();
        }
    }
}

/// <summary>OffsetCommit response (key 8, v0-8): an error code per partition.</summary>
public sealed class OffsetCommitResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.OffsetCommit;
    public int ThrottleTimeMs { get; set; }
    public List<Topic> Topics { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 3) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        Topics = c.Array(Topics);
        c.TaggedFields();
    }

    /// <summary>One topic's partition results.</summary>
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

    /// <summary>One partition's result.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public int PartitionIndex { get; set; }
        public short ErrorCode { get; set; }

        public void Serde(KafkaCodec c)
        {
            PartitionIndex = c.Int32(PartitionIndex);
            ErrorCode = c.Int16(ErrorCode);
            c.TaggedFields();
        }
    }
}
