using Actors.Kafka.Edge;
using Actors.Kafka.Server;

namespace Actors.Kafka.Edge;

/// <summary>
/// Nodes of an in-process cluster, each with a Kafka edge on a free loopback port, for specs that talk to the edge
/// through a real socket: raw requests (<see cref="AskAsync{TResponse}"/>) or real clients (<see cref="Bootstrap"/>).
/// </summary>
public sealed class EdgeFixture(string name, ITestOutputHelper output, string extraConfig = "", Func<KafkaEdgeSettings, KafkaEdgeSettings>? tune = null,
    KafkaTls? tls = null)
    : IAsyncDisposable
{
    public static readonly TimeSpan Wait = InProcessCluster.Wait;
    private readonly List<KafkaEdge> _edges = [];

    public InProcessCluster Cluster { get; } = new(name, output, extraConfig, KafkaEdgeHostingExtensions.DefaultConfig());

    public IReadOnlyList<KafkaEdge> Edges => _edges;

    public List<ActorSystem> Nodes { get; private set; } = [];

    /// <summary><c>host:port</c> of the first node's listener.</summary>
    public string Bootstrap => $"127.0.0.1:{_edges[0].LocalEndPoint.Port}";

    /// <summary>Starts a cluster of <paramref name="nodes"/> and an edge on each.</summary>
    public Task StartAsync(params string[] nodes) => StartAsync(nodes.Length, nodes);

    /// <summary>Starts a cluster of <paramref name="nodes"/> and an edge on the first <paramref name="withEdge"/> of them.</summary>
    public async Task StartAsync(int withEdge, params string[] nodes)
    {
        Nodes = await Cluster.StartAsync(nodes);
        // Every node runs the broker (sharding needs its regions on all of them), with a Kafka listener or without.
        foreach (var node in Nodes) Broker.Get(node);
        var settings = new KafkaEdgeSettings { Port = 0, PlacementRefreshInterval = TimeSpan.FromMilliseconds(500) };
        foreach (var node in Nodes.Take(withEdge)) _edges.Add(KafkaEdge.Start(node, tune?.Invoke(settings) ?? settings, tls));
    }

    /// <summary>A raw connection to node <paramref name="node"/>'s listener.</summary>
    public Task<RawClient> ConnectAsync(int node = 0) => RawClient.ConnectAsync(_edges[node].LocalEndPoint.Port);

    /// <summary>Sends <paramref name="request"/> at <paramref name="version"/> and reads its response.</summary>
    public static async Task<TResponse> AskAsync<TResponse>(RawClient client, IKafkaMessage request, short version, TimeSpan? timeout = null)
        where TResponse : IKafkaMessage, new()
    {
        await client.SendAsync(RawClient.Request((short)request.Api, version, 7, request));
        var payload = await client.ReadAsync(timeout ?? Wait) ?? throw new InvalidOperationException("the listener closed the connection");
        var headerSize = SupportedApis.ResponseHeaderVersion(request.Api, version) == 1 ? 5 : 4;
        return KafkaMessage.Read<TResponse>(payload.AsMemory(headerSize), version);
    }

    /// <summary>Closes node <paramref name="node"/>'s listener and crashes the node (the others see it vanish).</summary>
    public async Task CrashAsync(int node)
    {
        await _edges[node].DisposeAsync();
        await InProcessCluster.CrashAsync(Nodes[node]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var edge in _edges) await edge.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
