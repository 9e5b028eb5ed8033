namespace Actors.Kafka.Messages;

/// <summary>CreateTopics request (key 19, v0-6): topics with a partition count, replication factor and configs.</summary>
public sealed class CreateTopicsRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.CreateTopics;
    public List<Topic> Topics { get; set; } = [];
    public int TimeoutMs { get; set; } = 60_000;
    public bool ValidateOnly { get; set; }

    public void Serde(KafkaCodec c)
    {
        Topics = c.Array(Topics);
        TimeoutMs = c.Int32(TimeoutMs);
        if (c.Version >= 1) ValidateOnly = c.Bool(ValidateOnly);
        c.TaggedFields();
    }

    /// <summary>A topic to create (-1 partitions or replication factor: the broker's default).</summary>
    public sealed class Topic : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public int NumPartitions { get; set; } = -1;
        public short ReplicationFactor { get; set; } = -1;
        public List<Assignment> Assignments { get; set; } = [];
        public List<Config> Configs { get; set; } = [];

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            NumPartitions = c.Int32(NumPartitions);
            ReplicationFactor = c.Int16(ReplicationFactor);
            Assignments = c.Array(Assignments);
            Configs = c.Array(Configs);
            c.TaggedFields();
        }
    }

    /// <summary>A manual replica assignment for one partition.</summary>
    public sealed class Assignment : IKafkaStruct
    {
        public int PartitionIndex { get; set; }
        public List<int> BrokerIds { get; set; } = [];

        public void Serde(KafkaCodec c)
        {
            PartitionIndex = c.Int32(PartitionIndex);
            BrokerIds = c.Int32s(BrokerIds);
            c.TaggedFields();
        }
    }

    /// <summary>A topic config such as <c>retention.ms</c>.</summary>
    public sealed class Config : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public string? Value { get; set; }

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            Value = c.NullableString(Value);
            c.TaggedFields();
        }
    }
}
