using System.Net;
using Actors.Kafka.Server;
using Akka.Actor;
using Akka.Event;

namespace Actors.Kafka.Edge;

/// <summary>
/// A node's Kafka door, running: the listener bound to its port, the handlers of every API served (see
/// <see cref="Apis"/>), and the <see cref="KafkaClusterWatcher"/> that keeps the brokers and leaders Metadata
/// names. Any node serves any partition by forwarding through the partition shard region, so a client never waits
/// on a wrong leader and fail-over needs nothing from it but a metadata refresh. Started by
/// <see cref="KafkaEdgeHostingExtensions.AddKafkaEdge"/> on a node, by specs directly; disposing closes the
/// listener and its connections.
/// </summary>
public sealed class KafkaEdge : IAsyncDisposable
{
    private readonly KafkaListener _listener;
    private readonly IActorRef _watcher;
    private int _disposed;

    private KafkaEdge(KafkaListener listener, IActorRef watcher, ClusterView.Broker self)
    {
        _listener = listener;
        _watcher = watcher;
        Self = self;
    }

    /// <summary>This node as a broker: its id and the advertised host and port.</summary>
    public ClusterView.Broker Self { get; }

    /// <summary>Where the listener is bound (the real port when it asked for port 0).</summary>
    public IPEndPoint LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>
    /// Binds the listener (a taken port throws <see cref="KafkaPortInUseException"/>) and starts serving. The bind
    /// host defaults to the node's remoting host, the advertised host to its advertised one, the advertised port to the
    /// bound port.
    /// </summary>
    /// <param name="system">The node.</param>
    /// <param name="settings">Where and how to listen.</param>
    /// <param name="tls">The node's certificate and CA, for an SSL or SASL_SSL listener.</param>
    public static KafkaEdge Start(ActorSystem system, KafkaEdgeSettings settings, KafkaTls? tls = null)
    {
        var broker = Broker.Get(system);
        var security = Security.Security.Get(system);
        if (settings.SecurityProtocol.UsesTls() && tls is null)
            throw new KafkaEdgeConfigException($"the Kafka listener's {settings.SecurityProtocol.Name()} needs the node's certificate: --tls-cert FILE --tls-key FILE --tls-ca FILE");
        if (security.Enabled && settings.SecurityProtocol == KafkaSecurityProtocol.Plaintext)
            throw new KafkaEdgeConfigException("authentication is on but the Kafka listener is plaintext: set --kafka-security sasl_ssl (or sasl_plaintext, or ssl for client certificates)");
        var selfAddress = Akka.Cluster.Cluster.Get(system).SelfAddress;
        var bindHost = settings.Host.Length > 0 ? settings.Host : system.Settings.Config.GetString("akka.remote.dot-netty.tcp.hostname", selfAddress.Host ?? "127.0.0.1");
        var log = Logging.GetLogger(system, typeof(KafkaEdge));
        var listenerSettings = settings.Listener(bindHost) with
        {
            Tls = tls,
            SaslCredentials = new SecuritySaslCredentials(security),
            RequireAuthentication = security.Enabled,
        };
        var apis = new KafkaApis();
        var listener = new KafkaListener(listenerSettings, apis, log);
        try
        {
            listener.Start();
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException socket)
        {
            throw new KafkaPortInUseException(bindHost, settings.Port, socket);
        }

        var advertisedHost = settings.AdvertisedHost.Length > 0 ? settings.AdvertisedHost : selfAddress.Host ?? bindHost;
        var advertisedPort = settings.AdvertisedPort > 0 ? settings.AdvertisedPort : listener.LocalEndPoint.Port;
        var self = new ClusterView.Broker(BrokerIds.Of(selfAddress), advertisedHost, advertisedPort);
        var view = new EdgeView(self);
        Apis(apis, broker, view, settings, system.Name);
        // Consumer groups: one sharded entity per group, reached from any node (FindCoordinator names the node asked).
        Groups.KafkaGroupApis.AddTo(apis, Groups.KafkaGroups.Get(system));
        new KafkaAuthorization(security, log).AddTo(apis);
        var watcher = system.ActorOf(KafkaClusterWatcher.Props(new KafkaEndpoint(advertisedHost, advertisedPort), broker.Partitions, view,
            settings.PlacementRefreshInterval), KafkaClusterWatcher.ActorName);
        log.Debug("kafka edge: broker {0} advertised as {1}:{2}", self.NodeId, advertisedHost, advertisedPort);
        return new KafkaEdge(listener, watcher, self);
    }

    /// <summary>Registers the handler of every data and admin API this edge serves (<see cref="Start"/> adds the consumer groups' beside them).</summary>
    public static KafkaApis Apis(KafkaApis apis, Broker broker, EdgeView view, KafkaEdgeSettings settings, string clusterId)
    {
        var topics = new EdgeTopics(broker, settings.RequestTimeout);
        return apis
            .Add(new EdgeMetadataHandler(broker, topics, view, clusterId))
            .Add(new ProduceHandler(broker, topics, view, settings))
            .Add(new FetchHandler(broker, topics, view, settings))
            .Add(new ListOffsetsHandler(broker, topics, view, settings))
            .Add(new ProducerIdHandler())
            .Add(new FindCoordinatorHandler(view))
            .Add(new CreateTopicsHandler(broker, settings))
            .Add(new DeleteTopicsHandler(broker, topics, settings))
            .Add(new DescribeConfigsHandler(topics));
    }

    /// <summary>Stops the watcher and closes the listener and its connections; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _watcher.Tell(PoisonPill.Instance);
        await _listener.DisposeAsync();
    }
}

/// <summary>The Kafka port is taken (or needs privileges): the node refuses to start with one line naming it.</summary>
public sealed class KafkaPortInUseException(string host, int port, System.Net.Sockets.SocketException inner)
    : Exception($"{host}:{port} is already in use", inner)
{
    public string Host { get; } = host;

    public int Port { get; } = port;

    public System.Net.Sockets.SocketError Error => inner.SocketErrorCode;
}
