using System.Globalization;
using Akka.Routing;

namespace Actors.Routing;

/// <summary>
/// A router to the routees of one service on nodes with one role, wherever in the cluster they are: it
/// follows the routee list the node's registry keeps up to date and forwards every message it gets
/// (keeping the sender, so replies go straight back) by its <see cref="RoutingStrategy"/>. The key of
/// consistent hashing comes from <see cref="IConsistentHashable"/> (so a
/// <see cref="ConsistentHashableEnvelope"/> works, and is unwrapped); an Akka <see cref="Broadcast"/>
/// envelope goes to every routee whatever the strategy. While there is no routee, up to
/// <c>actors.routing.buffer-size</c> messages wait; the ones beyond go to dead letters.
/// </summary>
internal sealed class ServiceRouter : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ServiceName _service;
    private readonly string? _role;
    private readonly IActorRef _registry;
    private readonly int _bufferSize;
    private readonly RouteeSelector _selector;
    private readonly Queue<(object Message, IActorRef Sender)> _buffer = new();
    private IReadOnlyList<Routee> _routees = [];

    public ServiceRouter(ServiceName service, RoutingStrategy strategy, string? role, IActorRef registry, int bufferSize)
    {
        _service = service;
        _role = role;
        _registry = registry;
        _bufferSize = bufferSize;
        _selector = new RouteeSelector(strategy);
        Receive<RouteesChanged>(HandleRouteesChanged);
        ReceiveAny(HandleMessage);
    }

    public static Props Props(ServiceName service, RoutingStrategy strategy, string? role, IActorRef registry, int bufferSize) =>
        Akka.Actor.Props.Create(() => new ServiceRouter(service, strategy, role, registry, bufferSize));

    protected override void PreStart() => _registry.Tell(new SubscribeRoutees(_service, _role, Self));

    private void HandleRouteesChanged(RouteesChanged changed)
    {
        _routees = changed.Routees;
        _log.Debug("router {0} ({1}, role {2}): {3} routees", _service, _selector.Strategy, _role ?? "any", _routees.Count);
        while (_routees.Count > 0 && _buffer.TryDequeue(out var buffered)) Route(buffered.Message, buffered.Sender);
    }

    private void HandleMessage(object message)
    {
        if (_routees.Count > 0)
        {
            Route(message, Sender);
            return;
        }

        if (_buffer.Count < _bufferSize)
        {
            _buffer.Enqueue((message, Sender));
            return;
        }

        _log.Warning("router {0}: no routees and {1} messages buffered; dropping a {2}", _service, _buffer.Count, message.GetType().Name);
        Context.System.DeadLetters.Tell(new DeadLetter(message, Sender, Self));
    }

    private void Route(object message, IActorRef sender)
    {
        var targets = message is Broadcast broadcast ? _routees : _selector.Select(_routees, KeyOf(message));
        var payload = message is RouterEnvelope envelope ? envelope.Message : message;
        foreach (var target in targets) target.Actor.Tell(payload, sender);
    }

    private static string? KeyOf(object message) => message is IConsistentHashable hashable
        ? hashable.ConsistentHashKey as string ?? Convert.ToString(hashable.ConsistentHashKey, CultureInfo.InvariantCulture)
        : null;
}
