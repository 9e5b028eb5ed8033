namespace Actors.Testing;

/// <summary>
/// The one place spec configuration is written: the production library defaults
/// (<see cref="ActorsSettings.Complete"/>, and below them whatever <c>defaults</c> a layer adds, such as the
/// streams settings) under short timers, so a spec runs the settings a node runs, only faster. Layers, lowest
/// first: the library defaults, <see cref="ShortTimers"/>, the failover timers of <see cref="FailoverNode"/>, the
/// storage, the spec's own <c>extra</c>, which wins over all.
/// </summary>
public static class TestConfig
{
    /// <summary>Each node its own in-memory journal: for specs on one node, or that keep nothing.</summary>
    public const string InMemoryStorage = "actors.storage.provider = memory";

    /// <summary>A cluster node on a free loopback port, with quick commits, heartbeats and retention checks.</summary>
    public const string ShortTimers = """
        akka {
          loglevel = INFO
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          cluster.min-nr-of-members = 1
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          coordinated-shutdown.exit-clr = off
        }
        actors.topics { commit-interval = 50ms, retention.check-interval = 200ms }
        actors.consumers { heartbeat-interval = 200ms, retry-interval = 300ms }
        """;

    /// <summary>
    /// What a node of a multi-node spec adds: a crash plays out in seconds. The split-brain resolver downs an
    /// unreachable node, failure detection is quick but lets a busy 2-core machine stall heartbeats for a
    /// second or two, and <c>Terminate()</c> is a crash (a graceful stop runs <c>CoordinatedShutdown</c> itself).
    /// </summary>
    public const string FailoverTimers = """
        akka {
          loglevel = WARNING
          coordinated-shutdown.run-by-actor-system-terminate = off
          cluster {
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver { active-strategy = keep-majority, stable-after = 2s }
            failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 3s, threshold = 8.0 }
            unreachable-nodes-reaper-interval = 200ms
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            sharding.rebalance-interval = 1s
            # A node killed while one of its shards is being moved leaves the coordinator waiting for its hand-off
            # ack; Akka's 60 s default would stall that shard past a spec's whole wait.
            sharding.handoff-timeout = 10s
            singleton.hand-over-retry-interval = 200ms
            singleton-proxy.singleton-identification-interval = 200ms
          }
        }
        """;

    /// <summary>A journal file that several in-process nodes share, as a cluster shares PostgreSQL.</summary>
    public static string SqliteStorage(string path) =>
        $"actors.storage {{ provider = sqlite, sqlite.path = \"{path.Replace("\\", "/", StringComparison.Ordinal)}\" }}";

    /// <summary>A single cluster node (it joins itself in the spec) with <paramref name="storage"/> and the spec's <paramref name="extra"/>.</summary>
    public static Config ClusterNode(string storage = InMemoryStorage, string extra = "", Config? defaults = null) =>
        Build(defaults, ShortTimers, storage, extra);

    /// <summary>A node of an in-process cluster that must live through a crashed peer (<see cref="InProcessCluster"/>).</summary>
    public static Config FailoverNode(string storage = InMemoryStorage, string extra = "", Config? defaults = null) =>
        Build(defaults, ShortTimers, FailoverTimers, storage, extra);

    /// <summary>
    /// An actor system on <paramref name="config"/> with the setup its storage asks for, as a node starts one
    /// (<see cref="ActorsSettings.StorageSetup"/>: on SQLite, how connections wait for the file's write lock).
    /// </summary>
    public static ActorSystem Start(string name, Config config) => ActorsSettings.CreateSystem(name, config);

    // Later text wins in HOCON, so the layers are written lowest first.
    private static Config Build(Config? defaults, params string[] layers)
    {
        var config = ActorsSettings.Complete(ConfigurationFactory.ParseString(string.Join('\n', layers)));
        return defaults is null ? config : config.WithFallback(defaults);
    }
}
