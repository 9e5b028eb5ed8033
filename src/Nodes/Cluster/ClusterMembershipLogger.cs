using Akka.Cluster;

namespace Actors.Nodes.Cluster;

/// <summary>
/// Logs each cluster membership change in one readable line (<c>member up: akka.tcp://actors@127.0.0.1:4053 roles=[broker]</c>),
/// so an operator (or a test reading stdout) can follow the cluster without Akka's verbose gossip logs, which
/// <c>LogPolicy</c> moves to DEBUG: at INFO a member's up, leaving, unreachable, reachable again and removed
/// are one line each; the steps between (joining, exiting) and leader changes are DEBUG. A member's downing is
/// the split-brain resolver's own warning (with its reason), followed by <c>member removed: ... (was Down)</c>.
/// Template names (<c>{Address}</c>) become fields in the JSON log format.
/// </summary>
internal sealed class ClusterMembershipLogger : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);

    public ClusterMembershipLogger()
    {
        Receive<ClusterEvent.MemberUp>(e => _log.Info("member up: {Address} roles=[{Roles}]", e.Member.Address, Roles(e.Member)));
        Receive<ClusterEvent.MemberJoined>(e => _log.Debug("member joining: {Address}", e.Member.Address));
        Receive<ClusterEvent.MemberLeft>(e => _log.Info("member leaving: {Address}", e.Member.Address));
        Receive<ClusterEvent.MemberExited>(e => _log.Debug("member exited: {Address}", e.Member.Address));
        Receive<ClusterEvent.UnreachableMember>(e => _log.Warning("member unreachable: {Address}", e.Member.Address));
        Receive<ClusterEvent.ReachableMember>(e => _log.Info("member reachable again: {Address}", e.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(e => _log.Info("member removed: {Address} (was {PreviousStatus})", e.Member.Address, e.PreviousStatus));
        Receive<ClusterEvent.LeaderChanged>(e => _log.Debug("cluster leader: {Leader}", e.Leader?.ToString() ?? "none"));
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
