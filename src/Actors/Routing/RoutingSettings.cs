namespace Actors.Routing;

/// <summary>
/// The <c>actors.routing</c> settings (see the library's reference.conf for each one's meaning and default).
/// Built with <see cref="Create(ActorSystem)"/> or <see cref="Create(Config)"/>, once per node (the
/// <see cref="Routes"/> extension holds them); immutable, changed with <c>with</c>.
/// </summary>
public sealed record RoutingSettings(TimeSpan GossipInterval, int BufferSize, TimeSpan TopicWatchInterval)
{
    public static RoutingSettings Create(ActorSystem system) => Create(system.Settings.Config);

    public static RoutingSettings Create(Config config)
    {
        var c = new SettingsSection(config, "actors.routing");
        var settings = new RoutingSettings(
            GossipInterval: c.PositiveDuration("gossip-interval"),
            BufferSize: c.Int("buffer-size"),
            TopicWatchInterval: c.PositiveDuration("topic-watch-interval"));
        if (settings.BufferSize < 0) throw new ConfigurationException("actors.routing.buffer-size must not be negative");
        return settings;
    }
}

/// <summary>How a router picks the routee(s) of each message.</summary>
public enum RoutingStrategy
{
    /// <summary>One routee per message, in turn, in the routees' stable order.</summary>
    RoundRobin = 0,

    /// <summary>
    /// One routee per key (rendezvous hashing on the key and each routee's id): a key keeps its routee while
    /// the routees stay the same, and when one comes or goes only the keys it gains or loses move. A message
    /// without a key goes round robin.
    /// </summary>
    ConsistentHashing = 1,

    /// <summary>Every routee gets every message.</summary>
    Broadcast = 2,
}

/// <summary>When a topic route acks a delivery to its consumer group.</summary>
public enum AckMode
{
    /// <summary>
    /// After the routee replies <c>delivery.ToAck()</c> (every routee, for broadcast). At-least-once: a routee
    /// that stops, leaves or nacks gets the message redelivered, and no more deliveries are out at the
    /// routees than the group's credits, so mailboxes stay bounded.
    /// </summary>
    OnReply = 0,

    /// <summary>
    /// As soon as the delivery is passed to the routee; its replies are ignored. At-most-once from the
    /// routee's point of view (a routee that dies loses its mailbox), and nothing bounds a slow routee's
    /// mailbox: for routees that cannot fail and keep up, such as cache updaters.
    /// </summary>
    OnDelivery = 1,
}

/// <summary>
/// Where a topic route sends its deliveries: the routees of <paramref name="Service"/> on nodes with
/// <paramref name="Role"/> (any node when null), picked by <paramref name="Strategy"/> (by message key for
/// <see cref="RoutingStrategy.ConsistentHashing"/>), acked per <paramref name="Ack"/>.
/// </summary>
public sealed record TopicRouteSettings(ServiceName Service, RoutingStrategy Strategy, string? Role = null, AckMode Ack = AckMode.OnReply);

/// <summary>
/// A consumer group subscription to every topic matching <paramref name="Pattern"/>, now and created later:
/// the same group, prefetch (credits per partition) and start position on each. Dead-letter topics (names
/// ending in <c>actors.topics.dead-letter-suffix</c>) are left out unless <paramref name="IncludeDeadLetterTopics"/>.
/// </summary>
public sealed record PatternSettings(TopicPattern Pattern, Topics.GroupName Group, int Prefetch, Partitions.StartFrom StartFrom, bool IncludeDeadLetterTopics = false)
{
    /// <summary>A subscription with the node's default prefetch (<c>actors.consumers.prefetch</c>), from the earliest offset.</summary>
    public static PatternSettings Create(ActorSystem system, TopicPattern pattern, Topics.GroupName group) =>
        Create(Consumers.ConsumersSettings.Create(system), pattern, group);

    /// <summary>A subscription with the prefetch of <paramref name="consumers"/>, from the earliest offset.</summary>
    public static PatternSettings Create(Consumers.ConsumersSettings consumers, TopicPattern pattern, Topics.GroupName group) =>
        new(pattern, group, consumers.Prefetch, Partitions.StartFrom.Earliest);
}
