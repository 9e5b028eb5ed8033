using Actors.Topics;
using Akka.Persistence;

namespace Actors.Consumers;

/// <summary>
/// Owns the membership of one consumer group on one topic (a sharded entity, id <c>topic:group</c>): it
/// watches the members, and whenever one joins, leaves, dies or stops heartbeating, it deals the partitions
/// anew and tells every member its share under a new generation. Membership is not durable: after a move to
/// another node the members' heartbeats rebuild it within a heartbeat interval, and committed offsets live in
/// the partitions. Generations are: each is journaled before it is announced, and each is above both the last
/// one journaled and any a member reports knowing, so they only grow across restarts and moves (members and
/// partitions ignore a generation that is not above the one they hold).
/// </summary>
internal sealed partial class GroupCoordinator : ReceivePersistentActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TopicName _topic;
    private readonly GroupName _group;
    private readonly TimeSpan _memberTimeout;
    private readonly TopicLookup _lookup;
    private readonly IActorRef _registry;
    private readonly TimeSpan _claimRetryInterval;
    private readonly Dictionary<IActorRef, DateTimeOffset> _members = [];
    private IReadOnlyDictionary<IActorRef, IReadOnlyList<int>> _assignment = new Dictionary<IActorRef, IReadOnlyList<int>>();
    private int _partitions;
    private long _generation;
    private long _highestKnown = long.MinValue;

    public GroupCoordinator(string entityId, IActorRef registry, TimeSpan memberTimeout, TimeSpan lookupRetryInterval)
    {
        var colon = entityId.LastIndexOf(':');
        _topic = new TopicName(entityId[..colon]);
        _group = new GroupName(entityId[(colon + 1)..]);
        _memberTimeout = memberTimeout;
        _registry = registry;
        _claimRetryInterval = lookupRetryInterval;
        _lookup = TopicLookup.For(this, _log, registry, new GetTopic(_topic, CreateIfMissing: true), lookupRetryInterval);
        PersistenceId = "group-" + entityId;
        Recover<GroupGenerationIssued>(issued => _generation = Math.Max(_generation, issued.Generation));
        Recover<RecoveryCompleted>(_ => _lookup.Ask());
        ResolvingAdmin();
        CommandAny(message => _lookup.Resolving(message, OnTopicFound, OnTopicNotFound));
    }

    public override string PersistenceId { get; }

    protected override void PreStart()
    {
        Diagnostics.NodeCounts.For(Context.System).GroupStarted();
        base.PreStart();
    }

    protected override void PostStop()
    {
        Diagnostics.NodeCounts.For(Context.System).GroupStopped();
        base.PostStop();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string entityId, IActorRef registry, TimeSpan memberTimeout, TimeSpan lookupRetryInterval) =>
        Akka.Actor.Props.Create(() => new GroupCoordinator(entityId, registry, memberTimeout, lookupRetryInterval));

    public static string EntityId(TopicName topic, GroupName group) => $"{topic.Value}:{group.Value}";

    private void OnTopicFound(TopicSpec spec)
    {
        _partitions = spec.Partitions;
        Timers.StartPeriodicTimer(Sweep.Instance, Sweep.Instance, _memberTimeout / 2);
        Become(Ready);
    }

    private void OnTopicNotFound(TopicNotFound notFound, IEnumerable<Envelope> waiting)
    {
        _log.Warning("group {0} on {1}: {2}", _group, _topic, notFound.Reason);
        Context.Stop(Self);
    }

    private void Ready()
    {
        Command<JoinGroup>(join =>
        {
            if (NameHeld(join)) HandleJoin(join);
        });
        Command<GroupNameOwner>(HandleNameOwner);
        Command<ClaimName>(_ => ClaimNameAgain());
        Command<LeaveGroup>(leave =>
        {
            if (Remove(leave.Member, "left")) Rebalance();
        });
        Command<Terminated>(terminated =>
        {
            if (Remove(terminated.ActorRef, "stopped")) Rebalance();
        });
        Command<Sweep>(_ => SweepSilentMembers());
        ReadyAdmin();
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => _log.Warning("group {0} on {1}: could not delete old generations: {2}", _group, _topic, failure.Cause.Message));
        Command<object>(TopicLookup.IsLate, _ => { });
    }

    private void HandleJoin(JoinGroup join)
    {
        _highestKnown = Math.Max(_highestKnown, join.KnownGeneration);
        var isNew = !_members.ContainsKey(join.Member);
        _members[join.Member] = DateTimeOffset.UtcNow;
        if (isNew)
        {
            Context.Watch(join.Member);
            _log.Info("group {0} on {1}: member joined {2}", _group, _topic, join.Member.Path);
            Rebalance();
        }
        else if (join.KnownGeneration > _generation)
        {
            // The member holds a generation this coordinator never issued (its journal was lost): outbid it.
            Rebalance();
        }
        else if (join.KnownGeneration != _generation && _assignment.TryGetValue(join.Member, out var partitions))
        {
            // The member missed its assignment (lost message, or this coordinator moved): repeat it.
            join.Member.Tell(new GroupAssignment(_topic, _group, _generation, partitions));
        }
    }

    private bool Remove(IActorRef member, string why)
    {
        if (!_members.Remove(member)) return false;
        Context.Unwatch(member);
        _log.Info("group {0} on {1}: member {2} {3}", _group, _topic, member.Path, why);
        return true;
    }

    private void SweepSilentMembers()
    {
        var deadline = DateTimeOffset.UtcNow - _memberTimeout;
        var silent = _members.Where(m => m.Value < deadline).Select(m => m.Key).ToList();
        foreach (var member in silent) Remove(member, "stopped heartbeating");
        if (silent.Count > 0) Rebalance();
    }

    /// <summary>
    /// Deals the partitions over the current members under a new generation, journals the generation, and then
    /// tells each member its share. Commands wait while the journal writes, so the membership dealt is the one
    /// of this moment.
    /// </summary>
    private void Rebalance()
    {
        _generation = Math.Max(_generation, _highestKnown) + 1;
        Persist(new GroupGenerationIssued(_generation), issued =>
        {
            _assignment = Assignment.Assign(_members.Keys, _partitions);
            foreach (var (member, partitions) in _assignment)
                member.Tell(new GroupAssignment(_topic, _group, issued.Generation, partitions));
            // Only the latest generation matters on recovery; the journal keeps one event per group.
            if (LastSequenceNr > 1) DeleteMessages(LastSequenceNr - 1);
        });
    }

    private sealed class Sweep : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Sweep Instance { get; } = new();
        private Sweep() { }
    }
}
