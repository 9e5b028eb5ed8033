using Actors.Consumers;
using Actors.Gateway;
using Actors.Topics;
using Akka.Cluster;

namespace Actors.Nodes.Gateway;

/// <summary>
/// The gateway's operator requests, a child of <see cref="NodeGateway"/>, which forwards to it whatever
/// <see cref="Handles"/> says: the cluster as this node sees it, and leave and down by address (answered here, from
/// Akka's cluster); topic deletion (to the topic registry); group descriptions and offset resets (to the group
/// coordinators).
/// Forwarded requests keep their sender, so the answer goes straight back to the client. Each leave and down is
/// logged, so the node's log says who removed a member.
/// </summary>
internal sealed class NodeAdmin : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);

    public NodeAdmin(Broker broker)
    {
        Receive<GetClusterState>(_ => Sender.Tell(Describe(_cluster)));
        Receive<LeaveMember>(leave => Apply(leave.Address, "leaving", _cluster.Leave));
        Receive<DownMember>(down => Apply(down.Address, "down", _cluster.Down));
        Receive<DeleteTopic>(command => broker.Registry.Forward(command));
        Receive<DescribeGroup>(command => broker.Groups.Forward(command));
        Receive<ResetGroup>(command => broker.Groups.Forward(command));
    }

    public static Props Props(Broker broker) => Akka.Actor.Props.Create(() => new NodeAdmin(broker));

    /// <summary>Whether the gateway forwards <paramref name="message"/> here.</summary>
    public static bool Handles(object message) =>
        message is GetClusterState or LeaveMember or DownMember or DeleteTopic or DescribeGroup or ResetGroup;

    /// <summary>Every member this node knows, ordered by address, with its reachability as this node's failure detector sees it.</summary>
    public static ClusterState Describe(Akka.Cluster.Cluster cluster)
    {
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members
            .OrderBy(m => m.Address.Host, StringComparer.Ordinal).ThenBy(m => m.Address.Port)
            .Select(m => new ClusterMemberInfo(m.Address.ToString(), m.Status.ToString(), !unreachable.Contains(m.Address),
                m.Roles.OrderBy(r => r, StringComparer.Ordinal).ToList()))
            .ToList();
        return new ClusterState(cluster.SelfAddress.ToString(), state.Leader?.ToString() ?? "", members);
    }

    private void Apply(string address, string action, Action<Address> command)
    {
        var member = MemberAddress.Find(_cluster.State.Members, address);
        if (member is null)
        {
            Sender.Tell(new ClusterCommandRefused($"no member of the cluster has the address '{address}' (`actors cluster` lists them)"));
            return;
        }

        _log.Info("member {0} marked {1} by an operator request from {2}", member, action, Sender.Path.Address);
        // Answer first: the member may be this node, which stops answering once it is down or has left.
        Sender.Tell(new MemberCommandAccepted(member.ToString(), action));
        command(member);
    }
}
