using Actors.Kafka.Edge;
using Actors.Kafka.Edge.Groups;
using Actors.Kafka.Server;

namespace Actors.Kafka.Tests.Edge.Clients;

/// <summary>
/// In-process nodes whose Kafka listener serves everything a node will: the data path (<see cref="KafkaEdge.Apis"/>)
/// and the consumer groups (<see cref="KafkaGroupApis"/>) on one listener, with the cluster watcher keeping the
/// brokers and leaders. The node's own edge does not register the group APIs yet; until it does, real group
/// consumers run against this (the same handlers, wired as <see cref="KafkaEdge.Start"/> wires its own).
/// </summary>
public sealed class EdgeWithGroups : IAsyncDisposable
{
    private readonly List<KafkaListener> _listeners = [];

    private EdgeWithGroups(InProcessCluster cluster) => Cluster = cluster;

    public InProcessCluster Cluster { get; }

    /// <summary><c>host:port</c> of the first node's listener.</summary>
    public string Bootstrap => $"127.0.0.1:{_listeners[0].LocalEndPoint.Port}";

    public static async Task<EdgeWithGroups> StartAsync(string name, ITestOutputHelper output, params string[] nodes)
    {
        var cluster = new InProcessCluster(name, output, "", KafkaEdgeHostingExtensions.DefaultConfig().WithFallback(KafkaGroupsSettings.DefaultConfig()));
        var edge = new EdgeWithGroups(cluster);
        var settings = new KafkaEdgeSettings { Port = 0, PlacementRefreshInterval = TimeSpan.FromMilliseconds(500) };
        foreach (var node in await cluster.StartAsync(nodes))
        {
            var apis = new KafkaApis();
            var listener = new KafkaListener(settings.Listener("127.0.0.1"), apis, node.Log);
            listener.Start();
            edge._listeners.Add(listener);
            var broker = Broker.Get(node);
            var self = new ClusterView.Broker(BrokerIds.Of(Akka.Cluster.Cluster.Get(node).SelfAddress), "127.0.0.1", listener.LocalEndPoint.Port);
            var view = new EdgeView(self);
            KafkaEdge.Apis(apis, broker, view, settings, node.Name);
            KafkaGroupApis.AddTo(apis, node.StartKafkaGroups());
            node.ActorOf(KafkaClusterWatcher.Props(new KafkaEndpoint(self.Host, self.Port), broker.Partitions, view, settings.PlacementRefreshInterval),
                KafkaClusterWatcher.ActorName);
        }

        return edge;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners) await listener.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
