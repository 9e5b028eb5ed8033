using Akka.Cluster;

namespace Actors.Nodes.Cluster;

/// <summary>
/// Logs each cluster membership change in one readable line (<c>member up: akka.tcp://actors@127.0.0.1:4053 roles=[broker]</c>),
/// so an operator (or a test reading stdout) can follow the cluster without Akka's verbose gossip logs.
/// </summary>
internal sealed class ClusterMembershipLogger : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);

    public ClusterMembershipLogger()
    {
        Receive<ClusterEvent.MemberUp>(e => _log.Info("member up: {0} roles=[{1}]", e.Member.Address, Roles(e.Member)));
        Receive<ClusterEvent.MemberJoined>(e => _log.Info("member joining: {0}", e.Member.Address));
        Receive<ClusterEvent.MemberLeft>(e => _log.Info("member leaving: {0}", e.Member.Address));
        Receive<ClusterEvent.MemberExited>(e => _log.Info("member exited: {0}", e.Member.Address));
        Receive<ClusterEvent.UnreachableMember>(e => _log.Warning("member unreachable: {0}", e.Member.Address));
        Receive<ClusterEvent.ReachableMember>(e => _log.Info("member reachable again: {0}", e.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(e => _log.Info("member removed: {0} (was {1})", e.Member.Address, e.PreviousStatus));
        Receive<ClusterEvent.LeaderChanged>(e => _log.Info("cluster leader: {0}", e.Leader?.ToString() ?? "none"));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ClusterMembershipLogger());

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private static string Roles(Member member) => string.Join(",", member.Roles.OrderBy(r => r, StringComparer.Ordinal));
}
