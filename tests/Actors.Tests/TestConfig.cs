using Actors;

namespace Actors.Tests;

/// <summary>Configurations for specs: a cluster node on a free loopback port with fast timers.</summary>
public static class TestConfig
{
    /// <summary>A single cluster node with the in-memory journal (or <paramref name="storage"/>) and short topic timers.</summary>
    public static Config ClusterNode(string storage = "actors.storage.provider = memory", string extra = "") =>
        ActorsSettings.Complete(ConfigurationFactory.ParseString($$"""
            {{extra}}
            {{storage}}
            akka {
              loglevel = INFO
              actor.provider = cluster
              remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
              cluster.min-nr-of-members = 1
              coordinated-shutdown.run-by-clr-shutdown-hook = off
              coordinated-shutdown.exit-clr = off
            }
            actors.topics {
              commit-interval = 50ms
              retention.check-interval = 200ms
            }
            actors.consumers.heartbeat-interval = 200ms
            actors.consumers.retry-interval = 300ms
            """));
}
