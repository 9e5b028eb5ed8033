using Actors.Serialization;

namespace Actors.Gateway;

/// <summary>
/// Ask the node's gateway for the cluster as this node sees it; answered with <see cref="ClusterState"/>. Along
/// with <see cref="LeaveMember"/> and <see cref="DownMember"/>, the cluster's operator requests: they are about the
/// Akka cluster itself, so the node that receives them answers (no other part of the system is involved).
/// </summary>
public sealed class GetClusterState : IActorsWireMessage
{
    public static GetClusterState Instance { get; } = new();
    private GetClusterState() { }
}

/// <summary>Every member the answering node (<paramref name="Self"/>) knows, and the address of the cluster's leader (empty: none).</summary>
public sealed record ClusterState(string Self, string Leader, IReadOnlyList<ClusterMemberInfo> Members) : IActorsWireMessage;

/// <summary>
/// One member: its address (<c>akka.tcp://system@host:port</c>), status (Joining, Up, Leaving, Exiting, Down, ...),
/// whether the answering node's failure detector reaches it, and its roles.
/// </summary>
public sealed record ClusterMemberInfo(string Address, string Status, bool Reachable, IReadOnlyList<string> Roles);

/// <summary>
/// Ask the member at <paramref name="Address"/> (<c>host:port</c> or a full address) to leave the cluster
/// gracefully: it hands its partitions over, is removed and stops. Answered with <see cref="MemberCommandAccepted"/>,
/// or <see cref="ClusterCommandRefused"/> when no member has that address.
/// </summary>
public sealed record LeaveMember(string Address) : IActorsWireMessage;

/// <summary>
/// Mark the member at <paramref name="Address"/> down: the cluster removes it at once, without a hand-over (for a
/// member that died or is unreachable and will not come back). Answered as <see cref="LeaveMember"/>.
/// </summary>
public sealed record DownMember(string Address) : IActorsWireMessage;

/// <summary>The member at <paramref name="Address"/> (its full address) was told to leave, or marked down.</summary>
public sealed record MemberCommandAccepted(string Address, string Action) : IActorsWireMessage;

/// <summary>The cluster request was refused; the reason is one line.</summary>
public sealed record ClusterCommandRefused(string Reason) : IActorsWireMessage;
