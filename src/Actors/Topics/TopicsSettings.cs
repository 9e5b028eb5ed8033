namespace Actors.Topics;

/// <summary>
/// The <c>actors.topics</c> settings (see the library's reference.conf for each one's meaning and default).
/// Built with <see cref="Create(ActorSystem)"/> or <see cref="Create(Config)"/>, once per node (the
/// <see cref="Broker"/> holds them); immutable, changed with <c>with</c>.
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
    TimeSpan RetentionCheckInterval,
    TimeSpan LookupRetryInterval,
    TimeSpan DeadLetterRetryInterval,
    TimeSpan ResendInterval,
    TimeSpan PublishLinger,
    int PublishBatchMessages,
    long CacheBytes,
    long PageBytes,
    long PageCacheBytes,
    int SnapshotEvery,
    long NodeCacheBytes,
    long RetentionBytes = TopicSpec.UnlimitedBytes,
    OverflowPolicy Overflow = OverflowPolicy.DropOldest,
    CleanupPolicy Cleanup = CleanupPolicy.Delete,
    TimeSpan? DeleteRetention = null,
    double MinCleanableDirtyRatio = 0.5,
    int MaxPartitionsPerTopic = 1000,
    int MaxTopics = 10_000,
    int PublishBatchesInFlight = 1,
    bool StickyPartitioning = true)
{
    /// <summary>The most partitions any topic may have, whatever <c>max-partitions-per-topic</c> says.</summary>
    public const int PartitionsCeiling = 10_000;

    /// <summary>How long a tombstone of a compacted topic is kept once compaction reached it (<c>delete-retention</c>, Kafka's <c>delete.retention.ms</c>).</summary>
    public TimeSpan TombstoneRetention => DeleteRetention ?? TimeSpan.FromHours(24);

    public static TopicsSettings Create(ActorSystem system) => Create(system.Settings.Config);

    public static TopicsSettings Create(Config config)
    {
        var c = new SettingsSection(config, "actors.topics");
        var maxPartitions = c.PositiveInt("max-partitions-per-topic");
        if (maxPartitions > PartitionsCeiling)
            throw new ConfigurationException($"actors.topics.max-partitions-per-topic must be at most {PartitionsCeiling}, was {maxPartitions}");
        var defaultPartitions = c.PositiveInt("default-partitions");
        if (defaultPartitions > maxPartitions)
            throw new ConfigurationException($"actors.topics.default-partitions ({defaultPartitions}) must be at most actors.topics.max-partitions-per-topic ({maxPartitions})");
        return new TopicsSettings(
            AutoCreate: c.Boolean("auto-create"),
            DefaultPartitions: defaultPartitions,
            RetentionAge: c.PositiveDuration("retention.max-age"),
            RetentionMessages: c.PositiveLongOrUnlimited("retention.max-messages"),
            MaxMessageBytes: checked((int)c.PositiveBytes("max-message-size")),
            VisibilityTimeout: c.PositiveDuration("visibility-timeout"),
            MaxDeliveryAttempts: c.PositiveInt("max-delivery-attempts"),
            DeadLetterSuffix: c.String("dead-letter-suffix"),
            CommitInterval: c.PositiveDuration("commit-interval"),
            MaxBatchMessages: c.PositiveInt("max-batch-messages"),
            NumberOfShards: c.PositiveInt("number-of-shards"),
            Role: c.String("role"),
            AskTimeout: c.PositiveDuration("ask-timeout"),
            RetentionCheckInterval: c.PositiveDuration("retention.check-interval"),
            LookupRetryInterval: c.PositiveDuration("lookup-retry-interval"),
            DeadLetterRetryInterval: c.PositiveDuration("dead-letter-retry-interval"),
            ResendInterval: c.PositiveDuration("resend-interval"),
            PublishLinger: c.NonNegativeDuration("publish-linger"),
            PublishBatchMessages: c.PositiveInt("publish-batch-messages"),
            PublishBatchesInFlight: c.PositiveInt("publish-batches-in-flight"),
            StickyPartitioning: c.Boolean("sticky-partitioning"),
            CacheBytes: c.PositiveBytes("cache-size"),
            PageBytes: c.PositiveBytes("page-size"),
            PageCacheBytes: c.PositiveBytes("page-cache-size"),
            SnapshotEvery: c.PositiveInt("snapshot-every"),
            NodeCacheBytes: c.PositiveBytes("node-cache-size"),
            RetentionBytes: c.PositiveBytesOrUnlimited("retention.max-bytes"),
            Overflow: c.Overflow("retention.overflow"),
            Cleanup: c.Cleanup("cleanup"),
            DeleteRetention: c.NonNegativeDuration("delete-retention"),
            MinCleanableDirtyRatio: c.Ratio("min-cleanable-dirty-ratio"),
            MaxPartitionsPerTopic: maxPartitions,
            MaxTopics: c.PositiveInt("max-topics"));
    }

    /// <summary>The spec a topic gets when created without one of its own.</summary>
    public TopicSpec DefaultSpec(TopicName name, int? partitions = null) =>
        new(name, partitions ?? DefaultPartitions, RetentionAge, RetentionMessages, MaxMessageBytes, VisibilityTimeout, MaxDeliveryAttempts, RetentionBytes, Overflow, Cleanup);
}
