using Akka.Actor;
using Akka.Configuration;

namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// The <c>actors.edge.kafka.groups</c> settings, with their documented defaults in the embedded <c>groups.conf</c>
/// (which also binds <see cref="KafkaGroupsSerializer"/>): add <see cref="DefaultConfig"/> below a node's own
/// configuration (<see cref="KafkaGroupsHostingExtensions.AddKafkaGroups"/> does).
/// </summary>
public sealed record KafkaGroupsSettings(
    TimeSpan MinSessionTimeout,
    TimeSpan MaxSessionTimeout,
    TimeSpan InitialRebalanceDelay,
    TimeSpan TickInterval,
    int SnapshotEvery,
    int MaxMetadataSize,
    TimeSpan AskTimeout,
    TimeSpan PassivateAfter)
{
    private const string Path = "actors.edge.kafka.groups";
    private static readonly Lazy<Config> Reference = new(() => EmbeddedConfig.Load(typeof(KafkaGroupsSettings).Assembly, "Actors.Kafka.groups.conf"));

    /// <summary>The library defaults, to go below a node's own configuration.</summary>
    public static Config DefaultConfig() => Reference.Value;

    public static KafkaGroupsSettings Create(ActorSystem system) => Create(system.Settings.Config);

    /// <summary>Reads the settings; keys a node does not set come from <see cref="DefaultConfig"/>.</summary>
    public static KafkaGroupsSettings Create(Config config)
    {
        var c = config.WithFallback(DefaultConfig()).GetConfig(Path);
        return new KafkaGroupsSettings(
            MinSessionTimeout: c.GetTimeSpan("min-session-timeout"),
            MaxSessionTimeout: c.GetTimeSpan("max-session-timeout"),
            InitialRebalanceDelay: c.GetTimeSpan("initial-rebalance-delay"),
            TickInterval: Positive(c.GetTimeSpan("tick-interval"), "tick-interval"),
            SnapshotEvery: Positive(c.GetInt("snapshot-every"), "snapshot-every"),
            MaxMetadataSize: c.GetInt("max-metadata-size"),
            AskTimeout: Positive(c.GetTimeSpan("ask-timeout"), "ask-timeout"),
            PassivateAfter: Positive(c.GetTimeSpan("passivate-after"), "passivate-after"));
    }

    /// <summary>The rules every group enforces.</summary>
    public GroupRules Rules => new((int)MinSessionTimeout.TotalMilliseconds, (int)MaxSessionTimeout.TotalMilliseconds, (int)InitialRebalanceDelay.TotalMilliseconds);

    private static T Positive<T>(T value, string key) where T : IComparable<T> =>
        value.CompareTo(default) > 0 ? value : throw new ConfigurationException($"{Path}.{key} must be positive, was {value}");
}
