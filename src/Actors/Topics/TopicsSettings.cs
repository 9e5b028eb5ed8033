namespace Actors.Topics;

/// <summary>
/// The <c>actors.topics</c> settings (see the library's reference.conf for each one's meaning).
/// Built with <see cref="Create(ActorSystem)"/> or <see cref="Create(Config)"/>; immutable, changed with <c>with</c>.
/// </summary>
public sealed record TopicsSettings(
    bool AutoCreate,
    int DefaultPartitions,
    TimeSpan RetentionAge,
    long RetentionMessages,
    int MaxMessageBytes,
    TimeSpan VisibilityTimeout,
    int MaxDeliveryAttempts,
    string DeadLetterSuffix,
    TimeSpan CommitInterval,
    int MaxBatchMessages,
    int NumberOfShards,
    string Role,
    TimeSpan AskTimeout,
    TimeSpan RetentionCheckInterval)
{
    public static TopicsSettings Create(ActorSystem system) => Create(system.Settings.Config);

    public static TopicsSettings Create(Config config)
    {
        var c = config.GetConfig("actors.topics") ?? throw new ConfigurationException("missing actors.topics settings");
        return new TopicsSettings(
            AutoCreate: c.GetBoolean("auto-create"),
            DefaultPartitions: Positive(c.GetInt("default-partitions"), "default-partitions"),
            RetentionAge: c.GetTimeSpan("retention.max-age"),
            RetentionMessages: Positive(c.GetLong("retention.max-messages"), "retention.max-messages"),
            MaxMessageBytes: (int)Positive(c.GetByteSize("max-message-size") ?? 1024 * 1024, "max-message-size"),
            VisibilityTimeout: c.GetTimeSpan("visibility-timeout"),
            MaxDeliveryAttempts: Positive(c.GetInt("max-delivery-attempts"), "max-delivery-attempts"),
            DeadLetterSuffix: c.GetString("dead-letter-suffix"),
            CommitInterval: c.GetTimeSpan("commit-interval"),
            MaxBatchMessages: Positive(c.GetInt("max-batch-messages"), "max-batch-messages"),
            NumberOfShards: Positive(c.GetInt("number-of-shards"), "number-of-shards"),
            Role: c.GetString("role", ""),
            AskTimeout: c.GetTimeSpan("ask-timeout"),
            RetentionCheckInterval: c.GetTimeSpan("retention.check-interval"));
    }

    /// <summary>The spec a topic gets when created without one of its own.</summary>
    public TopicSpec DefaultSpec(TopicName name, int? partitions = null) =>
        new(name, partitions ?? DefaultPartitions, RetentionAge, RetentionMessages, MaxMessageBytes, VisibilityTimeout, MaxDeliveryAttempts);

    private static T Positive<T>(T value, string key) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ConfigurationException($"actors.topics.{key} must be positive, was {value}");
}
