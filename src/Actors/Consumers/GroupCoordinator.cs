using Actors.Topics;

namespace Actors.Consumers;

/// <summary>
/// Owns the membership of one consumer group on one topic (a sharded entity, id <c>topic:group</c>): it
/// watches the members, and whenever one joins, leaves, dies or stops heartbeating, it deals the partitions
/// anew and tells every member its share under a new generation. It keeps no durable state: after a move
/// to another node the members' heartbeats rebuild the membership within a heartbeat interval, and committed
/// offsets live in the partitions.
/// </summary>
public sealed class GroupCoordinator : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TopicName _topic;
    private readonly GroupName _group;
    private readonly IActorRef _registry;
    private readonly TimeSpan _memberTimeout;
    private readonly Dictionary<IActorRef, DateTimeOffset> _members = [];
    private IReadOnlyDictionary<IActorRef, IReadOnlyList<int>> _assignment = new Dictionary<IActorRef, IReadOnlyList<int>>();
    private int _partitions;
    private long _generation;

    public GroupCoordinator(string entityId, IActorRef registry, TimeSpan memberTimeout)
    {
        var colon = entityId.LastIndexOf(':');
        _topic = new TopicName(entityId[..colon]);
        _group = new GroupName(entityId[(colon + 1)..]);
        _registry = registry;
        _memberTimeout = memberTimeout;
        Receive<TopicInfo>(info =>
        {
            _partitions = info.Spec.Partitions;
            Timers.StartPeriodicTimer(Sweep.Instance, Sweep.Instance, memberTimeout / 2);
            Become(Ready);
            Stash.UnstashAll();
        });
        Receive<TopicNotFound>(notFound =>
        {
            _log.Warning("group {0} on {1}: {2}", _group, _topic, notFound.Reason);
            Stash.ClearStash();
            Context.Stop(Self);
        });
        Receive<RetryLookup>(_ => AskRegistry());
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string entityId, IActorRef registry, TimeSpan memberTimeout) =>
        Akka.Actor.Props.Create(() => new GroupCoordinator(entityId, registry, memberTimeout));

    public static string EntityId(TopicName topic, GroupName group) => $"{topic.Value}:{group.Value}";

    protected override void PreStart() => AskRegistry();

    private void AskRegistry()
    {
        _registry.Tell(new GetTopic(_topic, CreateIfMissing: true));
        Timers.StartSingleTimer(RetryLookup.Instance, RetryLookup.Instance, TimeSpan.FromSeconds(2));
    }

    private void Ready()
    {
        Receive<JoinGroup>(HandleJoin);
        Receive<LeaveGroup>(leave => Remove(leave.Member, "left"));
        Receive<Terminated>(terminated => Remove(terminated.ActorRef, "stopped"));
        Receive<Sweep>(_ => SweepSilentMembers());
        Receive<TopicInfo>(_ => { });
        Receive<RetryLookup>(_ => { });
    }

    private void HandleJoin(JoinGroup join)
    {
        var isNew = !_members.ContainsKey(join.Member);
        _members[join.Member] = DateTimeOffset.UtcNow;
        if (isNew)
        {
            Context.Watch(join.Member);
            _log.Info("group {0} on {1}: member joined {2}", _group, _topic, join.Member.Path);
            Rebalance();
        }
        else if (join.KnownGeneration != _generation && _assignment.TryGetValue(join.Member, out var partitions))
        {
            // The member missed its assignment (lost message, or this coordinator moved): repeat it.
            join.Member.Tell(new GroupAssignment(_topic, _group, _generation, partitions));
        }
    }

    private void Remove(IActorRef member, string why)
    {
        if (!_members.Remove(member)) return;
        Context.Unwatch(member);
        _log.Info("group {0} on {1}: member {2} {3}", _group, _topic, member.Path, why);
        Rebalance();
    }

    private void SweepSilentMembers()
    {
        var deadline = DateTimeOffset.UtcNow - _memberTimeout;
        foreach (var member in _members.Where(m => m.Value < deadline).Select(m => m.Key).ToList()) Remove(member, "stopped heartbeating");
    }

    /// <summary>Deals the partitions over the current members under a new generation and tells each member its share.</summary>
    private void Rebalance()
    {
        // Ticks keep generations increasing across coordinator restarts, so partitions can refuse stale subscribers.
        _generation = Math.Max(_generation + 1, DateTime.UtcNow.Ticks);
        _assignment = Assignment.Assign(_members.Keys, _partitions);
        foreach (var (member, partitions) in _assignment)
            member.Tell(new GroupAssignment(_topic, _group, _generation, partitions));
    }

    private sealed class Sweep : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Sweep Instance { get; } = new();
        private Sweep() { }
    }

    private sealed class RetryLookup : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static RetryLookup Instance { get; } = new();
        private RetryLookup() { }
    }
}
