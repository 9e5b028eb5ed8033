using Actors.Gateway;

namespace Actors.Client;

/// <summary>
/// The cluster's operator requests through a node's gateway: the members as that node sees them (status,
/// reachability, roles, the leader), and asking a member to leave or marking it down. Every call waits
/// <paramref name="timeout"/> for the node's answer; a refusal (no member at that address) is a
/// <see cref="ClusterAdminException"/> with the node's one-line reason.
/// </summary>
public sealed class ClusterAdmin(IActorRef gateway, TimeSpan timeout)
{
    /// <summary>The members and the leader, as the node behind the gateway sees them.</summary>
    public Task<ClusterState> GetStateAsync(CancellationToken cancellationToken = default) =>
        gateway.Ask<ClusterState>(GetClusterState.Instance, timeout, cancellationToken);

    /// <summary>Asks the member at <paramref name="address"/> (<c>host:port</c> or a full address) to leave gracefully.</summary>
    public Task<MemberCommandAccepted> LeaveAsync(string address, CancellationToken cancellationToken = default) =>
        SendAsync(new LeaveMember(address), cancellationToken);

    /// <summary>Marks the member at <paramref name="address"/> down: removed at once, without a hand-over.</summary>
    public Task<MemberCommandAccepted> DownAsync(string address, CancellationToken cancellationToken = default) =>
        SendAsync(new DownMember(address), cancellationToken);

    private async Task<MemberCommandAccepted> SendAsync(object command, CancellationToken cancellationToken)
    {
        var reply = await gateway.Ask<object>(command, timeout, cancellationToken);
        return reply switch
        {
            MemberCommandAccepted accepted => accepted,
            ClusterCommandRefused refused => throw new ClusterAdminException(refused.Reason),
            _ => throw new ClusterAdminException($"unexpected reply {reply.GetType().Name}"),
        };
    }
}
