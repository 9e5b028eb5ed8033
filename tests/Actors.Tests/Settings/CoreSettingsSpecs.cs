using Actors.Consumers;
using Actors.Partitions;
using Actors.Routing;
using Actors.Storage;
using Actors.Topics;

namespace Actors.Tests.Settings;

/// <summary>
/// Every settings record of the messaging core, loaded from an empty configuration over the library defaults,
/// equals the defaults documented in <c>src/Actors/reference.conf</c>: the defaults live there and nowhere else.
/// </summary>
public sealed class CoreSettingsSpecs
{
    private static readonly Config Defaults = ConfigurationFactory.Empty.WithFallback(ActorsSettings.DefaultConfig());

    [Fact]
    public void Should_load_the_documented_topics_defaults()
    {
        var expected = new TopicsSettings(
            AutoCreate: true,
            DefaultPartitions: 8,
            RetentionAge: TimeSpan.FromDays(7),
            RetentionMessages: TopicSpec.UnlimitedMessages,
            MaxMessageBytes: 1024 * 1024,
            VisibilityTimeout: TimeSpan.FromSeconds(30),
            MaxDeliveryAttempts: 5,
            DeadLetterSuffix: ".dlq",
            CommitInterval: TimeSpan.FromMilliseconds(200),
            MaxBatchMessages: 2000,
            NumberOfShards: 64,
            Role: "",
            AskTimeout: TimeSpan.FromSeconds(10),
            RetentionCheckInterval: TimeSpan.FromSeconds(10),
            LookupRetryInterval: TimeSpan.FromSeconds(2),
            DeadLetterRetryInterval: TimeSpan.FromSeconds(1),
            ResendInterval: TimeSpan.FromSeconds(5),
            PublishLinger: TimeSpan.FromMilliseconds(5),
            PublishBatchMessages: 500,
            CacheBytes: 16 * 1024 * 1024,
            PageBytes: 256 * 1024,
            PageCacheBytes: 4 * 1024 * 1024,
            SnapshotEvery: 1000,
            NodeCacheBytes: 64 * 1024 * 1024,
            RetentionBytes: TopicSpec.UnlimitedBytes,
            Overflow: OverflowPolicy.DropOldest,
            Cleanup: CleanupPolicy.Delete,
            DeleteRetention: TimeSpan.FromHours(24),
            MinCleanableDirtyRatio: 0.5,
            PublishBatchesInFlight: 1);

        Assert.Equal(expected, TopicsSettings.Create(Defaults));
    }

    [Fact]
    public void Should_load_the_documented_consumers_defaults()
    {
        var settings = ConsumersSettings.Create(Defaults);

        Assert.Equal(new ConsumersSettings(Prefetch: 100, HeartbeatInterval: TimeSpan.FromSeconds(1), RetryInterval: TimeSpan.FromSeconds(1), MissedHeartbeats: 5), settings);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.MemberTimeout);
    }

    [Fact]
    public void Should_load_the_documented_routing_defaults() =>
        Assert.Equal(new RoutingSettings(GossipInterval: TimeSpan.FromSeconds(2), BufferSize: 1000, TopicWatchInterval: TimeSpan.FromSeconds(5)),
            RoutingSettings.Create(Defaults));

    [Fact]
    public void Should_load_the_documented_storage_defaults() =>
        Assert.Equal(new StorageSettings(StorageProvider.Sqlite, "data/actors.db", "Host=127.0.0.1;Port=5432;Database=actors;Username=actors;Password=actors"),
            StorageSettings.Create(Defaults));

    [Fact]
    public void Should_give_consumers_and_pattern_subscriptions_the_default_prefetch()
    {
        // arrange
        var consumers = ConsumersSettings.Create(Defaults);

        // act
        var consumer = consumers.For(new TopicName("orders"), new GroupName("billing"));
        var pattern = PatternSettings.Create(consumers, new TopicPattern("orders.*"), new GroupName("audit"));

        // assert
        Assert.Equal(new ConsumerSettings(new TopicName("orders"), new GroupName("billing"), 100, StartFrom.Earliest), consumer);
        Assert.Equal((100, StartFrom.Earliest), (pattern.Prefetch, pattern.StartFrom));
    }

    [Fact]
    public void Should_take_a_nodes_own_value_over_the_default()
    {
        var config = ConfigurationFactory.ParseString("actors.consumers.prefetch = 7").WithFallback(Defaults);

        Assert.Equal(ConsumersSettings.Create(Defaults) with { Prefetch = 7 }, ConsumersSettings.Create(config));
    }

    [Fact]
    public void Should_refuse_a_configuration_without_the_library_defaults()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConsumersSettings.Create(ConfigurationFactory.ParseString("actors.consumers.prefetch = 7")));

        Assert.Contains("missing actors.consumers.heartbeat-interval", error.Message);
        Assert.Contains("ActorsSettings.DefaultConfig()", error.Message);
    }

    [Fact]
    public void Should_refuse_a_value_that_must_be_positive()
    {
        var config = ConfigurationFactory.ParseString("actors.topics.default-partitions = 0").WithFallback(Defaults);

        var error = Assert.Throws<ConfigurationException>(() => TopicsSettings.Create(config));

        Assert.Equal("actors.topics.default-partitions must be positive, was 0", error.Message);
    }

    [Theory]
    [InlineData("cache-size = 0", "actors.topics.cache-size must be positive")]
    [InlineData("page-size = 0", "actors.topics.page-size must be positive")]
    [InlineData("page-cache-size = 0", "actors.topics.page-cache-size must be positive")]
    [InlineData("snapshot-every = 0", "actors.topics.snapshot-every must be positive, was 0")]
    public void Should_refuse_a_paging_setting_that_is_not_positive(string setting, string expected)
    {
        var config = ConfigurationFactory.ParseString($"actors.topics.{setting}").WithFallback(Defaults);

        var error = Assert.Throws<ConfigurationException>(() => TopicsSettings.Create(config));

        Assert.StartsWith(expected, error.Message);
    }

    [Theory]
    [InlineData("1000", 1000L)]
    [InlineData("unlimited", long.MaxValue)]
    [InlineData("UNLIMITED", long.MaxValue)]
    public void Should_take_a_retention_count_or_unlimited(string value, long expected)
    {
        var config = ConfigurationFactory.ParseString($"actors.topics.retention.max-messages = {value}").WithFallback(Defaults);

        Assert.Equal(expected, TopicsSettings.Create(config).RetentionMessages);
    }

    [Theory]
    [InlineData("0", "'0'")]
    [InlineData("lots", "'lots'")]
    public void Should_refuse_a_retention_count_that_is_neither_positive_nor_unlimited(string value, string shown)
    {
        var config = ConfigurationFactory.ParseString($"actors.topics.retention.max-messages = {value}").WithFallback(Defaults);

        var error = Assert.Throws<ConfigurationException>(() => TopicsSettings.Create(config));

        Assert.Equal($"actors.topics.retention.max-messages must be a positive number or unlimited, was {shown}", error.Message);
    }

    [Theory]
    [InlineData("10 GiB", 10L * 1024 * 1024 * 1024)]
    [InlineData("512MiB", 512L * 1024 * 1024)]
    [InlineData("1000", 1000L)]
    [InlineData("unlimited", long.MaxValue)]
    public void Should_take_a_retention_size_or_unlimited(string value, long expected)
    {
        var config = ConfigurationFactory.ParseString($"actors.topics.retention.max-bytes = \"{value}\"").WithFallback(Defaults);

        Assert.Equal(expected, TopicsSettings.Create(config).RetentionBytes);
    }

    [Theory]
    [InlineData("0", "'0'")]
    [InlineData("lots", "'lots'")]
    [InlineData("-1", "'-1'")]
    public void Should_refuse_a_retention_size_that_is_neither_positive_nor_unlimited(string value, string shown)
    {
        var config = ConfigurationFactory.ParseString($"actors.topics.retention.max-bytes = \"{value}\"").WithFallback(Defaults);

        var error = Assert.Throws<ConfigurationException>(() => TopicsSettings.Create(config));

        Assert.Equal($"actors.topics.retention.max-bytes must be a positive size (such as 10 GiB) or unlimited, was {shown}", error.Message);
    }

    [Theory]
    [InlineData("drop-oldest", OverflowPolicy.DropOldest)]
    [InlineData("reject-publish", OverflowPolicy.RejectPublish)]
    public void Should_take_an_overflow_policy(string value, OverflowPolicy expected)
    {
        var config = ConfigurationFactory.ParseString($"actors.topics.retention.overflow = {value}").WithFallback(Defaults);

        Assert.Equal(expected, TopicsSettings.Create(config).Overflow);
    }

    [Theory]
    [InlineData("delete", CleanupPolicy.Delete)]
    [InlineData("compact", CleanupPolicy.Compact)]
    [InlineData("\"delete,compact\"", CleanupPolicy.DeleteAndCompact)]
    [InlineData("\"compact, delete\"", CleanupPolicy.DeleteAndCompact)]
    public void Should_take_a_cleanup_policy(string value, CleanupPolicy expected)
    {
        var config = ConfigurationFactory.ParseString($"actors.topics.cleanup = {value}").WithFallback(Defaults);

        Assert.Equal(expected, TopicsSettings.Create(config).Cleanup);
        Assert.Equal(expected, TopicsSettings.Create(config).DefaultSpec(new TopicName("t")).Cleanup);
    }

    [Fact]
    public void Should_refuse_an_unknown_cleanup_policy_and_a_dirty_ratio_over_one()
    {
        var cleanup = ConfigurationFactory.ParseString("actors.topics.cleanup = shred").WithFallback(Defaults);
        var ratio = ConfigurationFactory.ParseString("actors.topics.min-cleanable-dirty-ratio = 1.5").WithFallback(Defaults);

        Assert.Equal("actors.topics.cleanup must be delete, compact or delete,compact, was 'shred'",
            Assert.Throws<ConfigurationException>(() => TopicsSettings.Create(cleanup)).Message);
        Assert.Equal("actors.topics.min-cleanable-dirty-ratio must be a number from 0 to 1, was 1.5",
            Assert.Throws<ConfigurationException>(() => TopicsSettings.Create(ratio)).Message);
    }

    [Fact]
    public void Should_refuse_an_unknown_overflow_policy()
    {
        var config = ConfigurationFactory.ParseString("actors.topics.retention.overflow = drop-newest").WithFallback(Defaults);

        var error = Assert.Throws<ConfigurationException>(() => TopicsSettings.Create(config));

        Assert.Equal("actors.topics.retention.overflow must be drop-oldest or reject-publish, was 'drop-newest'", error.Message);
    }

    [Fact]
    public void Should_refuse_an_unknown_storage_provider()
    {
        var config = ConfigurationFactory.ParseString("actors.storage.provider = floppy").WithFallback(Defaults);

        var error = Assert.Throws<ConfigurationException>(() => StorageSettings.Create(config));

        Assert.Equal("actors.storage.provider is 'floppy'; expected sqlite, postgresql or memory", error.Message);
    }
}
