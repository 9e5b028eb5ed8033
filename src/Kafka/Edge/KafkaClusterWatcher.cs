using Akka.Actor;
using Actors.Kafka.Server;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;

namespace Actors.Kafka.Edge;

/// <summary>
/// One per node running a Kafka listener, at <c>/user/kafka-edge</c> on every node, so the nodes find each other's:
/// it answers <see cref="GetKafkaEndpoint"/> with this node's advertised endpoint, asks every member that comes Up
/// for its own (again on each refresh until it answers; a member without a listener never does and is not listed),
/// and drops a member that becomes unreachable or leaves (ending the requests that wait on partitions there, see
/// <see cref="EdgeView.Route"/>). It also keeps where each shard of the partition region
/// lives, from sharding's cluster statistics, read every refresh interval and at once on a membership change, so
/// after a node dies Metadata names the partitions' new hosts as soon as sharding has moved them. Each change
/// publishes a new <see cref="EdgeSnapshot"/> to the <see cref="EdgeView"/>.
/// </summary>
public sealed class KafkaClusterWatcher : ReceiveActor, IWithTimers
{
    public const string ActorName = "kafka-edge";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly KafkaEndpoint _self;
    private readonly IActorRef _partitions;
    private readonly EdgeView _view;
    private readonly TimeSpan _refresh;
    private readonly HashSet<Address> _up = [];
    private readonly HashSet<Address> _unreachable = [];
    private readonly Dictionary<Address, KafkaEndpoint> _endpoints = [];
    private IReadOnlyDictionary<string, Address> _shardHosts = new Dictionary<string, Address>();
    private bool _placementAsked;

    public KafkaClusterWatcher(KafkaEndpoint self, IActorRef partitions, EdgeView view, TimeSpan refresh)
    {
        _self = self;
        _partitions = partitions;
        _view = view;
        _refresh = refresh;
        Receive<GetKafkaEndpoint>(_ => Sender.Tell(_self));
        Receive<KafkaEndpoint>(HandleEndpoint);
        Receive<ClusterEvent.MemberUp>(up => MemberUp(up.Member.Address));
        Receive<ClusterEvent.MemberWeaklyUp>(_ => { });
        Receive<ClusterEvent.MemberRemoved>(e => MemberGone(e.Member.Address));
        Receive<ClusterEvent.MemberExited>(e => MemberGone(e.Member.Address));
        Receive<ClusterEvent.MemberLeft>(e => MemberGone(e.Member.Address));
        Receive<ClusterEvent.MemberDowned>(e => MemberGone(e.Member.Address));
        Receive<ClusterEvent.UnreachableMember>(e => Reachability(e.Member.Address, reachable: false));
        Receive<ClusterEvent.ReachableMember>(e => Reachability(e.Member.Address, reachable: true));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<Refresh>(_ => HandleRefresh());
        Receive<Placement>(HandlePlacement);
        Receive<Status.Failure>(f =>
        {
            _placementAsked = false;
            _log.Debug("kafka edge: partition placement not read ({0}); keeping the last one", f.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(KafkaEndpoint self, IActorRef partitions, EdgeView view, TimeSpan refresh) =>
        Akka.Actor.Props.Create(() => new KafkaClusterWatcher(self, partitions, view, refresh));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer(Refresh.Instance, Refresh.Instance, _refresh);
        Publish();
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void MemberUp(Address address)
    {
        _up.Add(address);
        if (address != _cluster.SelfAddress) AskEndpoint(address);
        AskPlacement();
    }

    private void MemberGone(Address address)
    {
        // Every step (left, exited, downed, removed) ends the requests waiting on that node: one sent to the shard
        // region between downed and removed may be forwarded to the dead node's region, and is never answered.
        _view.Lose(address);
        if (!_up.Remove(address) && !_endpoints.ContainsKey(address)) return;
        _endpoints.Remove(address);
        _unreachable.Remove(address);
        Publish();
        AskPlacement();
    }

    private void Reachability(Address address, bool reachable)
    {
        if (reachable) _unreachable.Remove(address);
        else _unreachable.Add(address);
        Publish();
        if (!reachable) _view.Lose(address);
        AskPlacement();
    }

    private void HandleEndpoint(KafkaEndpoint endpoint)
    {
        var address = Sender.Path.Address;
        if (!_up.Contains(address)) return;
        if (_endpoints.TryGetValue(address, out var known) && known == endpoint) return;
        _endpoints[address] = endpoint;
        _log.Debug("kafka edge: {0} serves Kafka at {1}:{2}", address, endpoint.Host, endpoint.Port);
        Publish();
    }

    private void HandleRefresh()
    {
        foreach (var address in _up.Where(a => a != _cluster.SelfAddress && !_endpoints.ContainsKey(a))) AskEndpoint(address);
        AskPlacement();
    }

    private void AskEndpoint(Address address) =>
        Context.ActorSelection(new RootActorPath(address) / "user" / ActorName).Tell(GetKafkaEndpoint.Instance, Self);

    private void AskPlacement()
    {
        if (_placementAsked) return;
        _placementAsked = true;
        var timeout = _refresh < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : _refresh;
        _partitions.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + TimeSpan.FromSeconds(1))
            .PipeTo(Self, success: stats => new Placement(stats));
    }

    private void HandlePlacement(Placement placement)
    {
        _placementAsked = false;
        var hosts = new Dictionary<string, Address>(StringComparer.Ordinal);
        foreach (var (region, stats) in placement.Stats.Regions)
        {
            // The local region reports itself with the local address (no host): that is this node.
            var address = region.HasLocalScope ? _cluster.SelfAddress : region;
            foreach (var shard in stats.Stats.Keys) hosts[shard] = address;
        }

        _shardHosts = hosts;
        Publish();
    }

    private void Publish()
    {
        var brokers = new Dictionary<Address, ClusterView.Broker>();
        foreach (var (address, endpoint) in _endpoints)
            if (_up.Contains(address) && !_unreachable.Contains(address))
                brokers[address] = new ClusterView.Broker(BrokerIds.Of(address), endpoint.Host, endpoint.Port);
        var self = _view.Current.Self;
        brokers[_cluster.SelfAddress] = self;
        _view.Publish(new EdgeSnapshot(self, brokers, _shardHosts, _unreachable.ToHashSet()));
    }

    private sealed record Placement(ClusterShardingStats Stats) : INoSerializationVerificationNeeded;

    private sealed class Refresh : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Refresh Instance { get; } = new();

        private Refresh()
        {
        }
    }
}
