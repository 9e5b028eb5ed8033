namespace Actors.Kafka.Messages;

/// <summary>
/// Fetch request (key 1, v4-12): how long to wait for how many bytes (long-poll), byte limits for the response and
/// each partition, and per partition the offset to read from. Fetch sessions (v7+) are accepted as sessionless:
/// answering session id 0 makes clients send full requests each time.
/// </summary>
public sealed class FetchRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.Fetch;
    public int ReplicaId { get; set; } = -1;
    public int MaxWaitMs { get; set; }
    public int MinBytes { get; set; }
    public int MaxBytes { get; set; } = int.MaxValue;
    public sbyte IsolationLevel { get; set; }
    public int SessionId { get; set; }
    public int SessionEpoch { get; set; } = -1;
    public List<Topic> Topics { get; set; } = [];
    public List<ForgottenTopic> ForgottenTopicsData { get; set; } = [];
    public string RackId { get; set; } = "";

    public void Serde(KafkaCodec c)
    {
        ReplicaId = c.Int32(ReplicaId);
        MaxWaitMs = c.Int32(MaxWaitMs);
        MinBytes = c.Int32(MinBytes);
        if (c.Version >= 3) MaxBytes = c.Int32(MaxBytes);
        if (c.Version >= 4) IsolationLevel = c.Int8(IsolationLevel);
        if (c.Version >= 7)
        {
            SessionId = c.Int32(SessionId);
            SessionEpoch = c.Int32(SessionEpoch);
        }

        Topics = c.Array(Topics);
        if (c.Version >= 7) ForgottenTopicsData = c.Array(ForgottenTopicsData);
        if (c.Version >= 11) RackId = c.String(RackId);
        c.TaggedFields();
    }

    /// <summary>One topic's partitions to read.</summary>
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

    /// <summary>One partition: where to read from and how much at most.</summary>
    public sealed class Partition : IKafkaStruct
    {
        public int PartitionIndex { get; set; }
        public int CurrentLeaderEpoch { get; set; } = -1;
        public long FetchOffset { get; set; }
        public int LastFetchedEpoch { get; set; } = -1;
        public long LogStartOffset { get; set; } = -1;
        public int PartitionMaxBytes { get; set; }

        public void Serde(KafkaCodec c)
        {
            PartitionIndex = c.Int32(PartitionIndex);
            if (c.Version >= 9) CurrentLeaderEpoch = c.Int32(CurrentLeaderEpoch);
            FetchOffset = c.Int64(FetchOffset);
            if (c.Version >= 12) LastFetchedEpoch = c.Int32(LastFetchedEpoch);
            if (c.Version >= 5) LogStartOffset = c.Int64(LogStartOffset);
            PartitionMaxBytes = c.Int32(PartitionMaxBytes);
            c.TaggedFields();
        }
    }

    /// <summary>Partitions to drop from an incremental fetch session (v7+).</summary>
    public sealed class ForgottenTopic : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public List<int> Partitions { get; set; } = [];

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            Partitions = c.Int32s(Partitions);
            c.TaggedFields();
        }
    }
}
