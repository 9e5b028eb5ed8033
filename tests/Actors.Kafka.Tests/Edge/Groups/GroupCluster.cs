using Actors.Kafka.Edge.Groups;
using Actors.Kafka.Server;
using Akka.Cluster.Sharding;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// An in-process cluster whose nodes share one SQLite journal, each with Kafka groups started and a Kafka listener
/// on a free loopback port that serves only the group APIs (<see cref="KafkaGroupApis"/>): what a node of the Kafka
/// edge does for groups, without the data path. Short session bounds and ticks, so expiry specs run in seconds; a
/// snapshot every three commits, so recovery reads one; a short ask timeout, so a group that is moving answers soon.
/// </summary>
public sealed class GroupCluster : IAsyncDisposable
{
    private readonly InProcessCluster _cluster;
    private readonly List<KafkaListener> _listeners = [];
    private readonly HashSet<int> _stopped = [];

    private GroupCluster(InProcessCluster cluster) => _cluster = cluster;

    public List<ActorSystem> Nodes { get; private set; } = [];

    public InProcessCluster Cluster => _cluster;

    public static Task<GroupCluster> StartAsync(string name, ITestOutputHelper output, params string[] nodes) =>
        StartAsync(name, output, null, nodes);

    /// <summary>As above, with more handlers on each listener: <paramref name="configure"/> gets the APIs and the listener's port (known once it listens).</summary>
    public static Task<GroupCluster> StartAsync(string name, ITestOutputHelper output, Action<KafkaApis, Func<int>>? configure, params string[] nodes) =>
        StartAsync(name, output, configure, "", nodes);

    /// <summary>As above, with <paramref name="extraConfig"/> over the spec defaults.</summary>
    public static async Task<GroupCluster> StartAsync(string name, ITestOutputHelper output, Action<KafkaApis, Func<int>>? configure, string extraConfig,
        params string[] nodes)
    {
        var cluster = new InProcessCluster(name, output,
            "actors.edge.kafka.groups { min-session-timeout = 500ms, tick-interval = 100ms, snapshot-every = 3, ask-timeout = 3s }\n" + extraConfig,
            KafkaGroupsSettings.DefaultConfig());
        var groups = new GroupCluster(cluster) { Nodes = await cluster.StartAsync(nodes) };
        foreach (var node in groups.Nodes)
        {
            var apis = KafkaGroupApis.AddTo(new KafkaApis(), node.StartKafkaGroups());
            var index = groups._listeners.Count;
            configure?.Invoke(apis, () => groups.Port(index));
            var listener = new KafkaListener(new KafkaListenerSettings { EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0) }, apis, node.Log);
            listener.Start();
            groups._listeners.Add(listener);
        }

        return groups;
    }

    /// <summary>The Kafka port of node <paramref name="node"/>.</summary>
    public int Port(int node) => _listeners[node].LocalEndPoint.Port;

    public Task<KafkaTestClient> ConnectAsync(int node, string clientId) => KafkaTestClient.ConnectAsync(Port(node), clientId);

    /// <summary>The index of the node whose shard region runs the entity of <paramref name="groupId"/>, or -1.</summary>
    public async Task<int> HostOfAsync(string groupId)
    {
        for (var i = 0; i < Nodes.Count; i++)
        {
            if (Nodes[i].WhenTerminated.IsCompleted) continue;
            var state = await KafkaGroups.Get(Nodes[i]).Groups.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, InProcessCluster.Wait);
            if (state.Shards.Any(s => s.EntityIds.Contains(groupId))) return i;
        }

        return -1;
    }

    /// <summary>Crashes node <paramref name="node"/>: its listener closes, remoting stops dead, the others down it.</summary>
    public async Task CrashAsync(int node)
    {
        await _listeners[node].DisposeAsync();
        _stopped.Add(node);
        await InProcessCluster.CrashAsync(Nodes[node]);
    }

    /// <summary>The node the split-brain resolver keeps when two nodes lose each other (keep-majority: the lowest address).</summary>
    public int Keeper => Nodes.Select((n, i) => (Address: Akka.Cluster.Cluster.Get(n).SelfAddress, i))
        .OrderBy(p => p.Address.Host, StringComparer.Ordinal).ThenBy(p => p.Address.Port).First().i;

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _listeners.Count; i++)
            if (!_stopped.Contains(i)) await _listeners[i].DisposeAsync();
        await _cluster.DisposeAsync();
    }
}
