namespace Actors.Kafka.Messages;

/// <summary>
/// DescribeConfigs request (key 32, v0-4): the configs of resources (type 2 = topic, 4 = broker), all or the named
/// keys; tools read a topic's <c>retention.ms</c> with it.
/// </summary>
public sealed class DescribeConfigsRequest : IKafkaMessage
{
    /// <summary>The resource type of a topic.</summary>
    public const sbyte TopicResource = 2;

    /// <summary>The resource type of a broker.</summary>
    public const sbyte BrokerResource = 4;

    public ApiKey Api => ApiKey.DescribeConfigs;
    public List<Resource> Resources { get; set; } = [];
    public bool IncludeSynonyms { get; set; }
    public bool IncludeDocumentation { get; set; }

    public void Serde(KafkaCodec c)
    {
        Resources = c.Array(Resources);
        if (c.Version >= 1) IncludeSynonyms = c.Bool(IncludeSynonyms);
        if (c.Version >= 3) IncludeDocumentation = c.Bool(IncludeDocumentation);
        c.TaggedFields();
    }

    /// <summary>A resource and the keys asked for (null: all).</summary>
    public sealed class Resource : IKafkaStruct
    {
        public sbyte ResourceType { get; set; }
        public string ResourceName { get; set; } = "";
        public List<string>? ConfigurationKeys { get; set; }

        public void Serde(KafkaCodec c)
        {
            ResourceType = c.Int8(ResourceType);
            ResourceName = c.String(ResourceName);
            ConfigurationKeys = c.NullableStrings(ConfigurationKeys);
            c.TaggedFields();
        }
    }
}
