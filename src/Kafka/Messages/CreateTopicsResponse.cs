namespace Actors.Kafka.Messages;

/// <summary>CreateTopics response (key 19, v0-6): per topic an error, and from v5 what was created.</summary>
public sealed class CreateTopicsResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.CreateTopics;
    public int ThrottleTimeMs { get; set; }
    public List<Topic> Topics { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 2) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        Topics = c.Array(Topics);
        c.TaggedFields();
    }

    /// <summary>One topic's result.</summary>
    public sealed class Topic : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public short ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }
        public int NumPartitions { get; set; } = -1;
        public short ReplicationFactor { get; set; } = -1;
        public List<Config>? Configs { get; set; }

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            ErrorCode = c.Int16(ErrorCode);
            if (c.Version >= 1) ErrorMessage = c.NullableString(ErrorMessage);
            if (c.Version >= 5)
            {
                NumPartitions = c.Int32(NumPartitions);
                ReplicationFactor = c.Int16(ReplicationFactor);
                Configs = c.NullableArray(Configs);
            }

            c.TaggedFields();
        }
    }

    /// <summary>A config of the created topic.</summary>
    public sealed class Config : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public string? Value { get; set; }
        public bool ReadOnly { get; set; }
        public sbyte ConfigSource { get; set; } = -1;
        public bool IsSensitive { get; set; }

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            Value = c.NullableString(Value);
            ReadOnly = c.Bool(ReadOnly);
            ConfigSource = c.Int8(ConfigSource);
            IsSensitive = c.Bool(IsSensitive);
            c.TaggedFields();
        }
    }
}
