using Actors.Partitions;
using Actors.Serialization;
using Actors.Topics;

namespace Actors.Gateway;

/// <summary>
/// The native gateway's wire protocol, shared by the node that serves it and the clients that reach it:
/// the gateway's well-known name, the records for opening a consumer from outside the cluster, and the list of the
/// cluster's gateways a client fails over to. Every other
/// request a gateway takes is the topic or pipeline protocol itself, forwarded as it is.
/// </summary>
public static class GatewayProtocol
{
    /// <summary>
    /// The gateway's name under <c>/user</c> on every node: a client outside the cluster has no other way to find
    /// it than <c>Identify</c> at this well-known path, so the name is part of the protocol.
    /// </summary>
    public const string ActorName = "actors-gateway";
}

/// <summary>
/// Asks the node's gateway to join <paramref name="Target"/> (an actor anywhere, e.g. in a command-line
/// client) to a consumer group. The answer is <see cref="ConsumerOpened"/>; deliveries then come to the target
/// from the member actor, which takes the acks. Stopping the member leaves the group. <paramref name="Batched"/>: the
/// target takes <see cref="DeliveryBatch"/>es too (see <see cref="Consumers.ConsumerSettings.Batched"/>).
/// </summary>
public sealed record OpenConsumer(TopicName Topic, GroupName Group, int Prefetch, StartFrom StartFrom, IActorRef Target, bool Batched = false) : IActorsWireMessage;

/// <summary>The group member the gateway started for an <see cref="OpenConsumer"/>.</summary>
public sealed record ConsumerOpened(TopicName Topic, GroupName Group, IActorRef Member) : IActorsWireMessage;

/// <summary>Asks a node's gateway for every gateway of the cluster; answered with <see cref="GatewayList"/>.</summary>
public sealed class ListGateways : IActorsWireMessage
{
    public static ListGateways Instance { get; } = new();

    private ListGateways()
    {
    }
}

/// <summary>
/// The addresses (<c>akka.tcp://system@host:port</c>) of the nodes that are up, each serving a gateway at
/// <see cref="GatewayProtocol.ActorName"/>: where a client goes on when its node fails.
/// </summary>
public sealed record GatewayList(IReadOnlyList<string> Addresses) : IActorsWireMessage;

/// <summary>
/// Log in at a node's gateway as <paramref name="User"/> (the password travels only over the cluster's TLS).
/// <paramref name="Client"/> is an actor that lives as long as the client's connection: the session ends when it does.
/// Answered with <see cref="LoggedIn"/> or <see cref="LoginRefused"/>.
/// </summary>
public sealed record Login(string User, string Password, IActorRef Client) : IActorsWireMessage;

/// <summary>
/// The login worked: send every request to <paramref name="Session"/>, which checks each against the ACLs of
/// <paramref name="Principal"/> and forwards it as the gateway would. A node without authentication answers with
/// its gateway itself and the anonymous principal.
/// </summary>
public sealed record LoggedIn(IActorRef Session, string Principal) : IActorsWireMessage;

/// <summary>The login was refused (wrong user or password, users not loaded yet); the reason is one line.</summary>
public sealed record LoginRefused(string Reason) : IActorsWireMessage;

/// <summary>
/// Asks the client's session (or, on a node without authentication, the gateway) for a data link: a TCP connection of
/// the client's own to this node that carries publish batches, their confirms and a consumer's deliveries without Akka.Remote (see
/// <see cref="DataLinkWire"/>). Answered with <see cref="DataLinkOffered"/>, or <see cref="DataLinkRefused"/> when the
/// node has none (<c>actors.gateway.data-link.enabled = off</c>); a client keeps to remoting then.
/// </summary>
public sealed class OpenDataLink : IActorsWireMessage
{
    public static OpenDataLink Instance { get; } = new();

    private OpenDataLink()
    {
    }
}

/// <summary>
/// Connect to <paramref name="Port"/> on the host of the node's remoting address and show <paramref name="Token"/>
/// (once, within <see cref="DataLinkWire.HelloTimeout"/>): the link then speaks for the session that offered it, with its
/// principal, ACLs and rate.
/// </summary>
public sealed record DataLinkOffered(int Port, byte[] Token) : IActorsWireMessage;

/// <summary>The node offers no data link; <paramref name="Reason"/> says why in one line.</summary>
public sealed record DataLinkRefused(string Reason) : IActorsWireMessage;
