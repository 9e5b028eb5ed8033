namespace Actors.Kafka.Messages;

/// <summary>DescribeConfigs response (key 32, v0-4): per resource its configs with value, source and flags.</summary>
public sealed class DescribeConfigsResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.DescribeConfigs;
    public int ThrottleTimeMs { get; set; }
    public List<Result> Results { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        Results = c.Array(Results);
        c.TaggedFields();
    }

    /// <summary>One resource's configs, or its error.</summary>
    public sealed class Result : IKafkaStruct
    {
        public short ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }
        public sbyte ResourceType { get; set; }
        public string ResourceName { get; set; } = "";
        public List<Config> Configs { get; set; } = [];

        public void Serde(KafkaCodec c)
        {
            ErrorCode = c.Int16(ErrorCode);
            ErrorMessage = c.NullableString(ErrorMessage);
            ResourceType = c.Int8(ResourceType);
            ResourceName = c.String(ResourceName);
            Configs = c.Array(Configs);
            c.TaggedFields();
        }
    }

    /// <summary>One config entry (v0 says IsDefault; v1+ says where the value comes from instead).</summary>
    public sealed class Config : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public string? Value { get; set; }
        public bool ReadOnly { get; set; }
        public bool IsDefault { get; set; }
        public sbyte ConfigSource { get; set; } = -1;
        public bool IsSensitive { get; set; }
        public List<Synonym> Synonyms { get; set; } = [];
        public sbyte ConfigType { get; set; }
        public string? Documentation { get; set; }

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            Value = c.NullableString(Value);
            ReadOnly = c.Bool(ReadOnly);
            if (c.Version == 0) IsDefault = c.Bool(IsDefault);
            if (c.Version >= 1) ConfigSource = c.Int8(ConfigSource);
            IsSensitive = c.Bool(IsSensitive);
            if (c.Version >= 1) Synonyms = c.Array(Synonyms);
            if (c.Version >= 3)
            {
                ConfigType = c.Int8(ConfigType);
                Documentation = c.NullableString(Documentation);
            }

            c.TaggedFields();
        }
    }

    /// <summary>Where else a config's value is set (v1+).</summary>
    public sealed class Synonym : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public string? Value { get; set; }
        public sbyte Source { get; set; }

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            Value = c.NullableString(Value);
            Source = c.Int8(Source);
            c.TaggedFields();
        }
    }
}
