using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Routing;

/// <summary>
/// Passes a consumer group's deliveries on to the routees of a service: it is the consumer actor of one or
/// more group members (one topic, or every topic of a pattern), picks routees by the route's strategy (by
/// message key for consistent hashing), and acks each delivery to the member that sent it once the routees
/// replied with <c>delivery.ToAck()</c> (or at once, per <see cref="AckMode.OnDelivery"/>). A routee's nack is
/// passed on; a routee that stops, leaves or becomes unreachable has its un-acked deliveries nacked, so the
/// partition sends them again and they reach the remaining routees (at-least-once; the partition counts the
/// attempt, so a message that keeps killing routees ends in the dead-letter topic). Nothing here holds more
/// deliveries than the group's credits, so routees' mailboxes stay bounded. Without routees, deliveries wait here;
/// the partition still counts them in flight, so past the topic's visibility timeout it sends them again (one
/// attempt more each time), and a service without routees for longer than max-delivery-attempts × that timeout
/// sends them to the dead-letter topic, from where a redrive brings them back.
/// </summary>
internal sealed class TopicRoute : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TopicRouteSettings _settings;
    private readonly IActorRef _registry;
    private readonly RouteeSelector _selector;
    private readonly Dictionary<DeliveryKey, InFlight> _inFlight = [];
    private readonly OrderedDictionary<DeliveryKey, (Delivery Delivery, IActorRef Member)> _waiting = [];
    // Routees seen to stop whose removal the registry has not confirmed yet: a list it sent before it knew must not bring them back.
    private readonly HashSet<IActorRef> _gone = [];
    private IReadOnlyList<Routee> _routees = [];

    public TopicRoute(TopicRouteSettings settings, IActorRef registry)
    {
        _settings = settings;
        _registry = registry;
        _selector = new RouteeSelector(settings.Strategy);
        Receive<Delivery>(delivery => HandleDelivery(delivery, Sender));
        Receive<Ack>(HandleAck);
        Receive<Nack>(HandleNack);
        Receive<RouteesChanged>(HandleRouteesChanged);
        Receive<Terminated>(terminated =>
        {
            _gone.Add(terminated.ActorRef);
            RouteeGone(terminated.ActorRef, "stopped");
        });
        Receive<AckRejected>(rejected => _log.Debug("route {0}: ack of {1}/{2}@{3} rejected: {4}", _settings.Service, rejected.Topic, rejected.Partition, rejected.Offset, rejected.Reason));
    }

    public static Props Props(TopicRouteSettings settings, IActorRef registry) => Akka.Actor.Props.Create(() => new TopicRoute(settings, registry));

    protected override void PreStart() => _registry.Tell(new SubscribeRoutees(_settings.Service, _settings.Role, Self));

    private void HandleDelivery(Delivery delivery, IActorRef member)
    {
        // A redelivery (visibility timeout, or our own nack) replaces whatever we still held of that offset.
        var key = DeliveryKey.Of(delivery);
        _inFlight.Remove(key);
        _waiting.Remove(key);
        if (_routees.Count == 0)
        {
            if (_waiting.Count == 0)
                _log.Warning("route {0}: no routees (role {1}); holding deliveries until one registers", _settings.Service, _settings.Role ?? "any");
            _waiting.Add(key, (delivery, member));
            return;
        }

        var targets = _selector.Select(_routees, delivery.Message.Key);
        foreach (var target in targets) target.Actor.Tell(delivery, Self);
        if (_settings.Ack == AckMode.OnDelivery)
        {
            member.Tell(delivery.ToAck(), Self);
            return;
        }

        _inFlight[key] = new InFlight(delivery, member, targets.Select(t => t.Actor).ToHashSet());
    }

    private void HandleAck(Ack ack)
    {
        var key = DeliveryKey.Of(ack);
        if (!_inFlight.TryGetValue(key, out var inFlight) || !IsFrom(inFlight)) return;
        inFlight.Acked++;
        inFlight.Pending.Remove(Sender);
        if (_settings.Strategy == RoutingStrategy.Broadcast && inFlight.Pending.Count > 0) return;
        _inFlight.Remove(key);
        inFlight.Member.Tell(ack, Self);
    }

    private void HandleNack(Nack nack)
    {
        var key = DeliveryKey.Of(nack);
        if (!_inFlight.TryGetValue(key, out var inFlight) || !IsFrom(inFlight)) return;
        _inFlight.Remove(key);
        inFlight.Member.Tell(nack, Self);
    }

    /// <summary>
    /// A broadcast counts each routee's reply once, so the reply must come from a routee still owing it. One routee
    /// per delivery: any reply for the offset will do (a routee may delegate to a child, and a late ack from a
    /// routee that had an earlier copy still means the message was processed).
    /// </summary>
    private bool IsFrom(InFlight inFlight) => _settings.Strategy != RoutingStrategy.Broadcast || inFlight.Pending.Contains(Sender);

    private void HandleRouteesChanged(RouteesChanged changed)
    {
        _gone.IntersectWith(changed.Routees.Select(r => r.Actor));
        var routees = changed.Routees.Where(r => !_gone.Contains(r.Actor)).ToList();
        var current = routees.Select(r => r.Actor).ToHashSet();
        foreach (var routee in _routees.Where(r => !current.Contains(r.Actor)).ToList()) RouteeGone(routee.Actor, "left the service");
        foreach (var routee in routees.Where(r => !_routees.Contains(r))) Context.Watch(routee.Actor);
        _routees = routees;
        _log.Debug("route {0} ({1}, role {2}): {3} routees", _settings.Service, _settings.Strategy, _settings.Role ?? "any", _routees.Count);
        if (_routees.Count == 0) return;
        var waiting = _waiting.Values.ToList();
        _waiting.Clear();
        foreach (var (delivery, member) in waiting) HandleDelivery(delivery, member);
    }

    /// <summary>A routee is gone: deliveries only it still owed go back to the partition (a nack, now) to reach another.</summary>
    private void RouteeGone(IActorRef routee, string why)
    {
        _routees = _routees.Where(r => !r.Actor.Equals(routee)).ToList();
        foreach (var (key, inFlight) in _inFlight.ToList())
        {
            if (!inFlight.Pending.Remove(routee)) continue;
            // Broadcast: the others have it already; it is done when they are (and redelivered if none of them took it).
            if (inFlight.Pending.Count > 0) continue;
            _inFlight.Remove(key);
            if (inFlight.Acked > 0)
            {
                inFlight.Member.Tell(inFlight.Delivery.ToAck(), Self);
                continue;
            }

            inFlight.Member.Tell(inFlight.Delivery.ToNack(), Self);
            _log.Info("route {0}: routee {1} {2} holding {3}/{4}@{5}; sent back for redelivery", _settings.Service, routee.Path, why,
                key.Topic, key.Partition, key.Offset);
        }
    }

    private readonly record struct DeliveryKey(TopicName Topic, int Partition, GroupName Group, long Offset)
    {
        public static DeliveryKey Of(Delivery d) => new(d.Topic, d.Partition, d.Group, d.Offset);
        public static DeliveryKey Of(Ack a) => new(a.Topic, a.Partition, a.Group, a.Offset);
        public static DeliveryKey Of(Nack n) => new(n.Topic, n.Partition, n.Group, n.Offset);
    }

    private sealed class InFlight(Delivery delivery, IActorRef member, HashSet<IActorRef> pending)
    {
        public Delivery Delivery { get; } = delivery;
        public IActorRef Member { get; } = member;
        public HashSet<IActorRef> Pending { get; } = pending;
        public int Acked { get; set; }
    }
}
