namespace Actors.Kafka.Messages;

/// <summary>
/// Metadata request (key 3, v0-9): the topics to describe. In v0 an empty list means every topic; from v1 a null
/// list does (and an empty one means none).
/// </summary>
public sealed class MetadataRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.Metadata;
    public List<Topic>? Topics { get; set; }
    public bool AllowAutoTopicCreation { get; set; } = true;
    public bool IncludeClusterAuthorizedOperations { get; set; }
    public bool IncludeTopicAuthorizedOperations { get; set; }

    /// <summary>Whether the client asks for every topic.</summary>
    public bool AllTopics(short version) => Topics is null || (version == 0 && Topics.Count == 0);

    public void Serde(KafkaCodec c)
    {
        Topics = c.Version >= 1 ? c.NullableArray(Topics) : c.Array(Topics ?? []);
        if (c.Version >= 4) AllowAutoTopicCreation = c.Bool(AllowAutoTopicCreation);
        if (c.Version >= 8)
        {
            IncludeClusterAuthorizedOperations = c.Bool(IncludeClusterAuthorizedOperations);
            IncludeTopicAuthorizedOperations = c.Bool(IncludeTopicAuthorizedOperations);
        }

        c.TaggedFields();
    }

    /// <summary>A topic asked for by name.</summary>
    public sealed class Topic : IKafkaStruct
    {
        public string Name { get; set; } = "";

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            c.TaggedFields();
        }
    }
}
