using System.Diagnostics;
using Akka.Cluster;

namespace Actors.Streams.Tests.Support;

/// <summary>
/// Nodes of one cluster in this process on loopback, sharing one SQLite journal in a folder of their own, with
/// failure detection and the split-brain resolver on short timers so a crash plays out in seconds. Waits poll a
/// condition with a deadline and a reason, and log when it holds. Disposing stops the nodes and the folder.
/// </summary>
public sealed class InProcessCluster(string name, ITestOutputHelper output, string extraConfig = "") : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory($"actors-{name}-").FullName;
    private readonly List<ActorSystem> _systems = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Starts one node per (name, role), all joining the first, and waits until all are up on all.</summary>
    public async Task<List<ActorSystem>> StartAsync(params (string Name, string Role)[] nodes)
    {
        var systems = nodes.Select(n => ActorSystem.Create(name, NodeConfig(n.Name, n.Role))).ToList();
        _systems.AddRange(systems);
        var seed = Cluster.Get(systems[0]).SelfAddress;
        foreach (var system in systems) Cluster.Get(system).Join(seed);
        await Until(() => systems.All(s => Cluster.Get(s).State.Members.Count(m => m.Status == MemberStatus.Up) == systems.Count), $"{systems.Count} nodes up");
        return systems;
    }

    /// <summary>A crash, as the others see it: remoting stops dead and the system stops without leaving.</summary>
    public static async Task Kill(ActorSystem node)
    {
        await ((Akka.Remote.RemoteActorRefProvider)((ExtendedActorSystem)node).Provider).Transport.Shutdown();
        await node.Terminate();
    }

    public Task Until(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    /// <summary>Polls <paramref name="condition"/> (a timed-out ask counts as not yet) until it holds or <see cref="Wait"/> passes.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition()) break;
            }
            catch (Exception ex) when (ex is TimeoutException or AskTimeoutException)
            {
            }

            if (clock.Elapsed > Wait) throw new TimeoutException($"timed out after {Wait.TotalSeconds} s waiting for: {what}");
            await Task.Delay(50);
        }

        Log(what);
    }

    public void Log(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s: {what}");

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_systems.Select(s => s.Terminate()));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Config NodeConfig(string node, string role) => ActorsSettings.Complete(ConfigurationFactory.ParseString($$"""
        # node {{node}}
        actors.storage { provider = sqlite, sqlite.path = "{{Path.Combine(_folder, "journal.db").Replace("\\", "/")}}" }
        actors.topics { commit-interval = 50ms }
        actors.consumers { heartbeat-interval = 200ms, retry-interval = 300ms }
        akka {
          loglevel = WARNING
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          # Terminate() is a crash here.
          coordinated-shutdown.run-by-actor-system-terminate = off
          coordinated-shutdown.exit-clr = off
          cluster {
            roles = [{{role}}]
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver { active-strategy = keep-majority, stable-after = 2s }
            # A busy 2-core machine stalls heartbeats for a second at times; a healthy node must not be taken for dead.
            failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 3s, threshold = 8.0 }
            unreachable-nodes-reaper-interval = 200ms
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            sharding.rebalance-interval = 1s
            singleton.hand-over-retry-interval = 200ms
            singleton-proxy.singleton-identification-interval = 200ms
          }
        }
        # the spec's own, over the above
        {{extraConfig}}
        """)).WithFallback(StreamsSettings.DefaultConfig());
}
