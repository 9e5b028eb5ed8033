using Akka.Cluster;

namespace Actors.Testing;

/// <summary>
/// Nodes of one cluster in this process on loopback (port 0), built from <see cref="TestConfig.FailoverNode"/>:
/// the first of a batch joins itself and the rest join it, and starting waits until every node sees all of them
/// up. By default they share one SQLite journal in a folder of their own, so a partition or a singleton that
/// moves after a crash finds its state. Each node logs to the spec's output under its name; waits poll with a
/// deadline and a reason and log when they hold. Disposing stops every node started and deletes the folder.
/// </summary>
public sealed class InProcessCluster(string name, ITestOutputHelper output, string extraConfig = "", Config? defaults = null,
    bool sharedJournal = true) : IAsyncDisposable
{
    /// <summary>How long a step of a multi-node spec may take: generous, for a busy 2-core machine.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new(name);
    private readonly List<ActorSystem> _systems = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The actor system name every node shares.</summary>
    public string Name => name;

    /// <summary>The configuration a node named <paramref name="node"/> with <paramref name="role"/> (none if empty) starts with.</summary>
    public Config NodeConfig(string node, string role = "") => TestConfig.FailoverNode(
        sharedJournal ? TestConfig.SqliteStorage(_folder.File("journal.db")) : TestConfig.InMemoryStorage,
        $$"""
        # node {{node}}
        {{NodeLog.NoConsoleLogger}}
        akka.cluster.roles = [{{role}}]
        # the spec's own, over the above
        {{extraConfig}}
        """,
        defaults);

    /// <summary>Starts a new cluster of these nodes, all roleless, and waits until all are up on all.</summary>
    public Task<List<ActorSystem>> StartAsync(params string[] nodes) => StartAsync(nodes.Select(n => (n, "")).ToArray());

    /// <summary>Starts a new cluster, one node per (name, role), all joining the first, and waits until all are up on all.</summary>
    public async Task<List<ActorSystem>> StartAsync(params (string Name, string Role)[] nodes)
    {
        var first = StartNode(nodes[0].Name, nodes[0].Role);
        var systems = nodes.Skip(1).Select(n => StartNode(n.Name, n.Role, first)).Prepend(first).ToList();
        await AwaitUpAsync(systems);
        return systems;
    }

    /// <summary>Starts one node that joins <paramref name="seed"/>'s cluster, or forms its own without one; it does not wait.</summary>
    public ActorSystem StartNode(string node, string role = "", ActorSystem? seed = null)
    {
        var system = TestConfig.Start(name, NodeConfig(node, role));
        _systems.Add(system);
        NodeLog.ToOutput(system, output, node);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(seed is null ? cluster.SelfAddress : Akka.Cluster.Cluster.Get(seed).SelfAddress);
        return system;
    }

    /// <summary>Waits until every one of <paramref name="systems"/> sees exactly those nodes up.</summary>
    public Task AwaitUpAsync(IReadOnlyCollection<ActorSystem> systems)
    {
        var addresses = systems.Select(s => Akka.Cluster.Cluster.Get(s).SelfAddress).ToHashSet();
        return Until(() => systems.All(s => Akka.Cluster.Cluster.Get(s).State.Members
                .Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).ToHashSet().SetEquals(addresses)),
            $"{systems.Count} nodes up on every one of them");
    }

    /// <summary>A crash, as the others see it: remoting stops dead and the system stops without leaving.</summary>
    public static async Task CrashAsync(ActorSystem node)
    {
        await ((Akka.Remote.RemoteActorRefProvider)((ExtendedActorSystem)node).Provider).Transport.Shutdown();
        await node.Terminate();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="Wait"/> passes, and logs when it holds.</summary>
    public Task Until(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    /// <summary>As <see cref="Until"/>, for a condition that asks (a timed-out ask counts as not yet).</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        await Poll.UntilAsync(condition, Wait, what);
        Log(what);
    }

    /// <summary>A line in the spec's output with the time since the cluster was made.</summary>
    public void Log(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s: {what}");

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_systems.Select(s => s.Terminate()));
        // SQLite keeps pooled connections to the journal open, which would keep the folder from being deleted.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
