using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;

namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// One Kafka consumer group: a sharded persistent entity (region <c>kafka-group</c>, entity id = group id), so any
/// node reaches it and FindCoordinator can name whichever node answers. It runs the classic protocol
/// (<see cref="ClassicGroup"/>) in memory and journals committed offsets (<see cref="KafkaOffsetsCommitted"/>,
/// with a snapshot every <c>snapshot-every</c> commits), so offsets survive node death while membership is rebuilt:
/// after a move the clients' next request gets UNKNOWN_MEMBER_ID and they rejoin. While the group has members it
/// ticks to expire sessions and rebalance deadlines; without them it passivates after <c>passivate-after</c>.
/// </summary>
public sealed class KafkaGroupActor : ReceivePersistentActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _groupId;
    private readonly IActorRef _registry;
    private readonly KafkaGroupsSettings _settings;
    private readonly ClassicGroup _group;
    private readonly Dictionary<(string Topic, int Partition), CommittedOffset> _offsets = [];
    private bool _registered;

    public KafkaGroupActor(string groupId, IActorRef registry, KafkaGroupsSettings settings)
    {
        _groupId = groupId;
        _registry = registry;
        _settings = settings;
        _group = new ClassicGroup(groupId, settings.Rules);
        PersistenceId = "kafka-group-" + groupId;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is KafkaGroupSnapshot snapshot) Apply(snapshot.Offsets);
        });
        Recover<KafkaOffsetsCommitted>(committed => Apply(committed.Offsets));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_offsets.Count > 0) Register();
            UpdateTimers();
        });

        Command<JoinKafkaGroup>(join => Changed(_group.Join(join, Sender, Now)));
        Command<SyncKafkaGroup>(sync => Changed(_group.Sync(sync, Sender, Now)));
        Command<KafkaHeartbeat>(heartbeat => Sender.Tell(KafkaGroupAnswer.Of(_group.Heartbeat(heartbeat, Now))));
        Command<LeaveKafkaGroup>(HandleLeave);
        Command<CommitKafkaOffsets>(HandleCommit);
        Command<FetchKafkaOffsets>(fetch => Sender.Tell(new KafkaOffsets(fetch.Partitions is null
            ? _offsets.Values.ToList()
            : fetch.Partitions.Select(p => _offsets.GetValueOrDefault((p.Topic, p.Partition))).OfType<CommittedOffset>().ToList())));
        Command<DescribeKafkaGroup>(_ => Sender.Tell(_group.Describe(Exists)));
        Command<Tick>(_ => Changed(_group.Tick(Now)));
        Command<KafkaGroupRegistered>(_ => _registered = true);
        Command<ReceiveTimeout>(_ =>
        {
            if (!_group.IsActive) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
        Command<SaveSnapshotSuccess>(saved =>
        {
            DeleteMessages(saved.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed => _log.Warning("kafka group {0}: snapshot not saved: {1}", _groupId, failed.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning("kafka group {0}: old commits not deleted: {1}", _groupId, failed.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning("kafka group {0}: old snapshots not deleted: {1}", _groupId, failed.Cause.Message));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string groupId, IActorRef registry, KafkaGroupsSettings settings) =>
        Akka.Actor.Props.Create(() => new KafkaGroupActor(groupId, registry, settings));

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>A group exists for DescribeGroups once it has had members or offsets; before that it is Dead, as Kafka shows an unknown group.</summary>
    private bool Exists => _offsets.Count > 0 || _group.Generation > 0 || _group.IsActive;

    private void HandleLeave(LeaveKafkaGroup leave)
    {
        var (results, replies) = _group.Leave(leave, Now);
        Sender.Tell(new KafkaGroupLeft(results));
        Changed(replies);
    }

    private void HandleCommit(CommitKafkaOffsets commit)
    {
        var error = _group.CheckCommit(commit.GenerationId, commit.MemberId, Now);
        if (error != ErrorCode.None || commit.Offsets.Count == 0)
        {
            Sender.Tell(KafkaGroupAnswer.Of(error));
            return;
        }

        var sender = Sender;
        Persist(new KafkaOffsetsCommitted(commit.Offsets), committed =>
        {
            Apply(committed.Offsets);
            sender.Tell(KafkaGroupAnswer.Of(ErrorCode.None));
            Register();
            if (LastSequenceNr % _settings.SnapshotEvery == 0) SaveSnapshot(new KafkaGroupSnapshot(_offsets.Values.ToList()));
        });
    }

    private void Apply(IEnumerable<CommittedOffset> offsets)
    {
        foreach (var offset in offsets) _offsets[(offset.Topic, offset.Partition)] = offset;
    }

    /// <summary>Sends the answers the group owes, then adjusts the timers to whether the group now has members.</summary>
    private void Changed(IReadOnlyList<GroupReply> replies)
    {
        foreach (var reply in replies) ((IActorRef)reply.To).Tell(reply.Message);
        if (_group.IsActive) Register();
        UpdateTimers();
    }

    private void UpdateTimers()
    {
        if (_group.IsActive)
        {
            if (!Timers.IsTimerActive(Tick.Instance)) Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, _settings.TickInterval);
            Context.SetReceiveTimeout(null);
        }
        else
        {
            Timers.Cancel(Tick.Instance);
            Context.SetReceiveTimeout(_settings.PassivateAfter);
        }
    }

    /// <summary>Tells the registry this group exists, until it confirms (once per entity start).</summary>
    private void Register()
    {
        if (!_registered) _registry.Tell(new RegisterKafkaGroup(_groupId));
    }

    private sealed class Tick : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Tick Instance { get; } = new();

        private Tick()
        {
        }
    }
}
