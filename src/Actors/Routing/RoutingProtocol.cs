using Actors.Serialization;

namespace Actors.Routing;

/// <summary>A message about the routees of one service.</summary>
public interface IWithService
{
    ServiceName Service { get; }
}

/// <summary>
/// Register <paramref name="Routee"/> under <paramref name="Service"/> with the node's routee registry
/// (<c>Routes.Get(system).Registry</c>). A routee of another node is passed on to that node's registry,
/// which owns it. Answered with <see cref="RouteeRegistered"/>. The routee stays registered until it
/// stops, is deregistered, or its node leaves the cluster.
/// </summary>
public sealed record RegisterRoutee(ServiceName Service, IActorRef Routee) : IWithService, IActorsWireMessage;

/// <summary>The routee is registered on its node; other nodes learn of it within a network round trip.</summary>
public sealed record RouteeRegistered(ServiceName Service, IActorRef Routee) : IWithService, IActorsWireMessage, IDeadLetterSuppression;

/// <summary>Take <paramref name="Routee"/> off <paramref name="Service"/> (it keeps running).</summary>
public sealed record DeregisterRoutee(ServiceName Service, IActorRef Routee) : IWithService, IActorsWireMessage;

/// <summary>
/// Ask the node's registry for the routees of <paramref name="Service"/> it can route to now, on nodes
/// with <paramref name="Role"/> (any node when null); answered with <see cref="RouteeList"/>.
/// </summary>
public sealed record GetRoutees(ServiceName Service, string? Role = null) : IWithService, INoSerializationVerificationNeeded;

/// <summary>The routees of a service on reachable members with the role, in a stable order (by path).</summary>
public sealed record RouteeList(ServiceName Service, string? Role, IReadOnlyList<IActorRef> Routees) : IWithService, INoSerializationVerificationNeeded;

/// <summary>
/// Tell <paramref name="Subscriber"/> the routees of <paramref name="Service"/> on nodes with
/// <paramref name="Role"/> now and after every change, as <see cref="RouteesChanged"/>, until it stops.
/// Routers on the same node use this; it never crosses nodes.
/// </summary>
public sealed record SubscribeRoutees(ServiceName Service, string? Role, IActorRef Subscriber) : IWithService, INoSerializationVerificationNeeded;

/// <summary>The current routees of a subscription, in a stable order (by <see cref="Routee.Id"/>).</summary>
public sealed record RouteesChanged(ServiceName Service, string? Role, IReadOnlyList<Routee> Routees) : IWithService, INoSerializationVerificationNeeded;

/// <summary>
/// A routee as routers see it: the actor and an id that is the same on every node (its full path with
/// address), which consistent hashing and the round robin order are computed on.
/// </summary>
public sealed record Routee(IActorRef Actor, string Id);

/// <summary>The routees one node owns for one service; part of a <see cref="RouteeSnapshot"/>.</summary>
public sealed record ServiceRoutees(ServiceName Service, IReadOnlyList<IActorRef> Routees);

/// <summary>
/// Registry to registry: everything <paramref name="Node"/> owns, replacing what the receiver knew of that
/// node when <paramref name="Version"/> is newer. Sent on every change, to a member seen coming up, and
/// every <c>actors.routing.gossip-interval</c> in case one was lost.
/// </summary>
internal sealed record RouteeSnapshot(Address Node, long Version, IReadOnlyList<ServiceRoutees> Services)
    : IActorsWireMessage, IDeadLetterSuppression;

/// <summary>Registry to registry: send me your <see cref="RouteeSnapshot"/> (a newly seen member, or a registry that just started).</summary>
internal sealed class RouteeSnapshotRequest : IActorsWireMessage, IDeadLetterSuppression
{
    public static RouteeSnapshotRequest Instance { get; } = new();
    private RouteeSnapshotRequest() { }
}

/// <summary>Ask a pattern subscription which topics it has joined so far; answered with <see cref="PatternTopics"/>.</summary>
public sealed class GetPatternTopics : INoSerializationVerificationNeeded
{
    public static GetPatternTopics Instance { get; } = new();
    private GetPatternTopics() { }
}

/// <summary>The topics a pattern subscription consumes, by name.</summary>
public sealed record PatternTopics(TopicPattern Pattern, IReadOnlyList<Topics.TopicName> Topics) : INoSerializationVerificationNeeded;
