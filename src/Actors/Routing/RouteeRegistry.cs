using Akka.Cluster;

namespace Actors.Routing;

/// <summary>
/// The routee registry of one node (<c>/system/actors-routees</c>), a small receptionist: it owns the
/// routees registered on this node and watches them, sends its list to the registry of every other member
/// on each change (and every gossip interval, in case a message was lost), keeps the latest list of every
/// member, and tells local routers the routees of their service and role whenever that set changes. Each
/// node is the only writer of its own routees, so there is nothing to merge: a newer snapshot replaces an
/// older one, and a member's routees go when it leaves, becomes unreachable (until it is back) or stops.
/// </summary>
internal sealed class RouteeRegistry : ReceiveActor, IWithTimers
{
    public const string Name = "actors-routees";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly RoutingSettings _settings;
    private readonly RouteeTable _table;
    private readonly Dictionary<(ServiceName Service, string? Role), Subscription> _subscriptions = [];

    public RouteeRegistry(RoutingSettings settings)
    {
        _settings = settings;
        _table = new RouteeTable(_cluster.SelfAddress);
        Receive<RegisterRoutee>(HandleRegister);
        Receive<DeregisterRoutee>(HandleDeregister);
        Receive<GetRoutees>(get => Sender.Tell(new RouteeList(get.Service, get.Role, _table.List(get.Service, get.Role).Select(r => r.Actor).ToList())));
        Receive<SubscribeRoutees>(HandleSubscribe);
        Receive<RouteeSnapshot>(HandleSnapshot);
        Receive<RouteeSnapshotRequest>(_ => Sender.Tell(_table.LocalSnapshot()));
        Receive<ClusterEvent.IMemberEvent>(HandleMemberEvent);
        Receive<ClusterEvent.UnreachableMember>(e => ReachabilityChanged(e.Member.Address, reachable: false));
        Receive<ClusterEvent.ReachableMember>(e => ReachabilityChanged(e.Member.Address, reachable: true));
        Receive<Terminated>(HandleTerminated);
        Receive<GossipTick>(_ => PushToPeers());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RoutingSettings settings) => Akka.Actor.Props.Create(() => new RouteeRegistry(settings));

    /// <summary>The registry of the node at <paramref name="node"/>.</summary>
    public static ActorPath PathOn(Address node) => new RootActorPath(node) / "system" / Name;

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer(GossipTick.Instance, GossipTick.Instance, _settings.GossipInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void HandleRegister(RegisterRoutee register)
    {
        // Each node owns its routees (it watches them, and they leave with it): pass a foreign one to its node.
        if (!register.Routee.Path.Address.HasLocalScope && register.Routee.Path.Address != _table.Self)
        {
            Context.ActorSelection(PathOn(register.Routee.Path.Address)).Tell(register, Sender);
            return;
        }

        if (_table.Register(register.Service, register.Routee))
        {
            Context.Watch(register.Routee);
            _log.Debug("routee {0} registered for {1}", register.Routee.Path, register.Service);
            LocalChanged();
        }

        Sender.Tell(new RouteeRegistered(register.Service, register.Routee));
    }

    private void HandleDeregister(DeregisterRoutee deregister)
    {
        if (!deregister.Routee.Path.Address.HasLocalScope && deregister.Routee.Path.Address != _table.Self)
            Context.ActorSelection(PathOn(deregister.Routee.Path.Address)).Tell(deregister, Sender);
        else if (_table.Deregister(deregister.Service, deregister.Routee)) LocalChanged();
    }

    private void HandleSubscribe(SubscribeRoutees subscribe)
    {
        var key = (subscribe.Service, subscribe.Role);
        if (!_subscriptions.TryGetValue(key, out var subscription))
            _subscriptions[key] = subscription = new Subscription(_table.List(subscribe.Service, subscribe.Role));
        if (subscription.Subscribers.Add(subscribe.Subscriber)) Context.Watch(subscribe.Subscriber);
        subscribe.Subscriber.Tell(new RouteesChanged(subscribe.Service, subscribe.Role, subscription.Last));
    }

    private void HandleSnapshot(RouteeSnapshot snapshot)
    {
        if (_table.Apply(snapshot)) NotifySubscribers();
    }

    private void HandleMemberEvent(ClusterEvent.IMemberEvent e)
    {
        var wasPeer = _table.Peers.Contains(e.Member.Address);
        _table.MemberChanged(e.Member.Address, e.Member.Status, e.Member.Roles);
        if (!wasPeer && _table.Peers.Contains(e.Member.Address))
        {
            // A member seen for the first time: swap lists with it. If its registry is not started yet, the
            // request it sends us when it starts makes up for the lost message.
            var peer = Context.ActorSelection(RouteeRegistry.PathOn(e.Member.Address));
            peer.Tell(_table.LocalSnapshot());
            peer.Tell(RouteeSnapshotRequest.Instance);
        }

        NotifySubscribers();
    }

    private void ReachabilityChanged(Address node, bool reachable)
    {
        _table.SetReachable(node, reachable);
        NotifySubscribers();
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (_table.RemoveLocal(terminated.ActorRef)) LocalChanged();
        foreach (var (key, subscription) in _subscriptions.ToList())
            if (subscription.Subscribers.Remove(terminated.ActorRef) && subscription.Subscribers.Count == 0)
                _subscriptions.Remove(key);
    }

    private void LocalChanged()
    {
        PushToPeers();
        NotifySubscribers();
    }

    private void PushToPeers()
    {
        var snapshot = _table.LocalSnapshot();
        foreach (var peer in _table.Peers) Context.ActorSelection(PathOn(peer)).Tell(snapshot);
    }

    /// <summary>Tells each subscription's subscribers its routees, when they differ from what they were last told.</summary>
    private void NotifySubscribers()
    {
        foreach (var ((service, role), subscription) in _subscriptions)
        {
            var routees = _table.List(service, role);
            if (routees.SequenceEqual(subscription.Last)) continue;
            subscription.Last = routees;
            var changed = new RouteesChanged(service, role, routees);
            foreach (var subscriber in subscription.Subscribers) subscriber.Tell(changed);
        }
    }

    private sealed class Subscription(IReadOnlyList<Routee> last)
    {
        public HashSet<IActorRef> Subscribers { get; } = [];
        public IReadOnlyList<Routee> Last { get; set; } = last;
    }

    private sealed class GossipTick : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static GossipTick Instance { get; } = new();
        private GossipTick() { }
    }
}
