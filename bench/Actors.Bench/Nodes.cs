using Akka.Cluster;

namespace Actors.Bench;

/// <summary>Starts the actor systems the scenarios run on: one cluster node, or several in one process on loopback.</summary>
public static class Nodes
{
    /// <summary>Storage settings for a SQLite file in <paramref name="folder"/>.</summary>
    public static string Sqlite(string folder) =>
        $"actors.storage {{ provider = sqlite, sqlite.path = \"{Path.Combine(folder, "journal.db").Replace("\\", "/", StringComparison.Ordinal)}\" }}";

    public const string Memory = "actors.storage.provider = memory";

    /// <summary>Starts <paramref name="count"/> cluster nodes sharing <paramref name="storage"/>, joined and up.</summary>
    public static async Task<IReadOnlyList<ActorSystem>> StartClusterAsync(string name, int count, string storage, string hocon = "")
    {
        var systems = Enumerable.Range(0, count).Select(_ => ActorsSettings.CreateSystem(name, NodeConfig(storage, hocon))).ToList();
        var seed = Cluster.Get(systems[0]).SelfAddress;
        foreach (var system in systems) Cluster.Get(system).Join(seed);
        await Until(() => systems.All(s => Cluster.Get(s).State.Members.Count(m => m.Status == MemberStatus.Up) == count), TimeSpan.FromSeconds(60));
        foreach (var system in systems) Broker.Get(system);
        return systems;
    }

    /// <summary>
    /// The SQLite settings a fresh connection to the journal file gets (the journal sets no pragma of its own):
    /// WAL is persistent in the file; synchronous is the library's compiled default (2 = FULL, 1 = NORMAL).
    /// </summary>
    public static string SqlitePragmas(string folder)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "journal.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; PRAGMA synchronous;";
        using var reader = command.ExecuteReader();
        reader.Read();
        var mode = reader.GetString(0);
        reader.NextResult();
        reader.Read();
        return $"journal_mode={mode}, synchronous={reader.GetInt64(0)}";
    }

    public static async Task StopAsync(IEnumerable<ActorSystem> systems)
    {
        await Task.WhenAll(systems.Select(s => s.Terminate()));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public static async Task Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"condition not met within {timeout.TotalSeconds} s");
            await Task.Delay(20);
        }
    }

    private static Config NodeConfig(string storage, string hocon) => ActorsSettings.Complete(ConfigurationFactory.ParseString($$"""
        {{storage}}
        actors.consumers { heartbeat-interval = 200ms, retry-interval = 300ms }
        akka {
          loglevel = ERROR
          actor.provider = cluster
          remote.log-remote-lifecycle-events = off
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          coordinated-shutdown.exit-clr = off
          cluster {
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            # In-process nodes on 2 busy cores: do not mistake a GC pause for a crash.
            failure-detector.acceptable-heartbeat-pause = 10s
          }
        }
        {{hocon}}
        """));
}
