using System.Collections.Concurrent;
using Actors.Consumers;

namespace Actors.Routing;

/// <summary>
/// Routing on one node, as an Akka extension (<c>Routes.Get(system)</c>, also <c>Broker.Get(system).Routes</c>):
/// it starts the node's <see cref="RouteeRegistry"/>, registers routees under service names, and hands out
/// routers to a service's routees across the cluster (round robin, by key, or broadcast, optionally only on
/// nodes with a role), routes that feed a topic's consumer group to those routees, and subscriptions to
/// every topic matching a pattern. Every node that has routees or routes to them starts it (see
/// <see cref="RoutingHostingExtensions.AddRouting"/>); the topic parts start the <see cref="Broker"/> when first used.
/// </summary>
public sealed class Routes : IExtension
{
    private readonly ExtendedActorSystem _system;
    private readonly ConcurrentDictionary<(ServiceName Service, RoutingStrategy Strategy, string? Role), Lazy<IActorRef>> _routers = new();
    private readonly Broker _broker;
    private long _count;

    public Routes(ExtendedActorSystem system)
    {
        _system = system;
        Settings = RoutingSettings.Create(system);
        Registry = system.SystemActorOf(RouteeRegistry.Props(Settings), RouteeRegistry.Name);
        // Every node of the cluster runs the messaging core (see Broker): routes feed topics to routees, and
        // sharding needs its replicator on each node that may host partitions.
        _broker = Broker.Get(system);
    }

    public RoutingSettings Settings { get; }

    /// <summary>This node's routee registry; takes <see cref="RegisterRoutee"/>, <see cref="DeregisterRoutee"/> and <see cref="GetRoutees"/>.</summary>
    public IActorRef Registry { get; }

    public static Routes Get(ActorSystem system) => system.WithExtension<Routes, RoutesProvider>();

    /// <summary>Registers <paramref name="routee"/> under <paramref name="service"/> until it stops or is deregistered.</summary>
    public void Register(ServiceName service, IActorRef routee) => Registry.Tell(new RegisterRoutee(service, routee));

    /// <summary>Registers <paramref name="routee"/> and completes once its node's registry has it.</summary>
    public Task<RouteeRegistered> RegisterAsync(ServiceName service, IActorRef routee, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Registry.Ask<RouteeRegistered>(new RegisterRoutee(service, routee), timeout ?? _broker.Settings.AskTimeout, cancellationToken);

    /// <summary>Takes <paramref name="routee"/> off <paramref name="service"/>; it keeps running.</summary>
    public void Deregister(ServiceName service, IActorRef routee) => Registry.Tell(new DeregisterRoutee(service, routee));

    /// <summary>The routees of <paramref name="service"/> this node can route to now, on nodes with <paramref name="role"/> (any when null).</summary>
    public async Task<IReadOnlyList<IActorRef>> GetRouteesAsync(ServiceName service, string? role = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        (await Registry.Ask<RouteeList>(new GetRoutees(service, role), timeout ?? _broker.Settings.AskTimeout, cancellationToken)).Routees;

    /// <summary>
    /// The router to <paramref name="service"/>'s routees on nodes with <paramref name="role"/> (any when null):
    /// tell it messages and it forwards each, keeping the sender. One per service, strategy and role per node.
    /// For <see cref="RoutingStrategy.ConsistentHashing"/>, wrap a message in
    /// <see cref="Akka.Routing.ConsistentHashableEnvelope"/> or implement <see cref="Akka.Routing.IConsistentHashable"/>.
    /// </summary>
    public IActorRef RouterFor(ServiceName service, RoutingStrategy strategy, string? role = null) =>
        _routers.GetOrAdd((service, strategy, role), key => new Lazy<IActorRef>(() =>
            _system.SystemActorOf(ServiceRouter.Props(key.Service, key.Strategy, key.Role, Registry, Settings.BufferSize),
                $"router-{key.Service.Value}-{Interlocked.Increment(ref _count)}"))).Value;

    /// <summary>
    /// Consumes <paramref name="consumer"/>'s topic with its group and passes every delivery to the routees of
    /// <paramref name="route"/>'s service; the routees ack or nack it to their sender as any consumer would.
    /// Returns the route; stopping it leaves the group.
    /// </summary>
    public IActorRef RouteTopic(ConsumerSettings consumer, TopicRouteSettings route)
    {
        var actor = StartRoute(route, $"route-{consumer.Topic.Value}-{consumer.Group.Value}");
        _broker.Subscribe(consumer, actor);
        return actor;
    }

    /// <summary>
    /// Like <see cref="RouteTopic"/> for every topic matching <paramref name="pattern"/>, including topics created
    /// later. Returns the route; stopping it ends the subscription.
    /// </summary>
    public IActorRef RoutePattern(PatternSettings pattern, TopicRouteSettings route)
    {
        var actor = StartRoute(route, $"route-{pattern.Group.Value}");
        SubscribePattern(pattern, actor);
        return actor;
    }

    /// <summary>
    /// Joins <paramref name="target"/> to <paramref name="pattern"/>'s group on every topic matching it, now and
    /// created later; it gets <see cref="Partitions.Delivery"/> messages as from <see cref="Broker.Subscribe"/>.
    /// Returns the subscription (it answers <see cref="GetPatternTopics"/>); stopping it or the target ends it.
    /// </summary>
    public IActorRef SubscribePattern(PatternSettings pattern, IActorRef target)
    {
        var props = PatternSubscription.Props(pattern, target, _broker.Registry, _broker.Subscribe, Settings.TopicWatchInterval, _broker.Settings.DeadLetterSuffix);
        return _system.SystemActorOf(props, $"pattern-{pattern.Group.Value}-{Interlocked.Increment(ref _count)}");
    }

    private IActorRef StartRoute(TopicRouteSettings route, string name) =>
        _system.SystemActorOf(TopicRoute.Props(route, Registry), $"{name}-{Interlocked.Increment(ref _count)}");
}

/// <summary>Creates the <see cref="Routes"/> extension once per actor system.</summary>
public sealed class RoutesProvider : ExtensionIdProvider<Routes>
{
    public override Routes CreateExtension(ExtendedActorSystem system) => new(system);
}
