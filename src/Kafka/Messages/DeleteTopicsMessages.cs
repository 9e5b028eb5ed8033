namespace Actors.Kafka.Messages;

/// <summary>DeleteTopics request (key 20, v0-5): topic names to delete.</summary>
public sealed class DeleteTopicsRequest : IKafkaMessage
{
    public ApiKey Api => ApiKey.DeleteTopics;
    public List<string> TopicNames { get; set; } = [];
    public int TimeoutMs { get; set; } = 30_000;

    public void Serde(KafkaCodec c)
    {
        TopicNames = c.Strings(TopicNames);
        TimeoutMs = c.Int32(TimeoutMs);
        c.TaggedFields();
    }
}

/// <summary>DeleteTopics response (key 20, v0-5): per topic an error code (and message from v5).</summary>
public sealed class DeleteTopicsResponse : IKafkaMessage
{
    public ApiKey Api => ApiKey.DeleteTopics;
    public int ThrottleTimeMs { get; set; }
    public List<Result> Responses { get; set; } = [];

    public void Serde(KafkaCodec c)
    {
        if (c.Version >= 1) ThrottleTimeMs = c.Int32(ThrottleTimeMs);
        Responses = c.Array(Responses);
        c.TaggedFields();
    }

    /// <summary>One topic's result.</summary>
    public sealed class Result : IKafkaStruct
    {
        public string Name { get; set; } = "";
        public short ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }

        public void Serde(KafkaCodec c)
        {
            Name = c.String(Name);
            ErrorCode = c.Int16(ErrorCode);
            if (c.Version >= 5) ErrorMessage = c.NullableString(ErrorMessage);
            c.TaggedFields();
        }
    }
}
