using Actors.Topics;
using Akka.Persistence;

namespace Actors.Partitions;

/// <summary>
/// One partition of one topic: a persistent actor hosted by Cluster Sharding (entity id <c>topic:partition</c>).
/// It owns the partition's log, appends in batches (while one journal write is in flight, publishes
/// gather into the next, so a burst costs one write, not one each), confirms each publish only after its
/// write, and delivers to each consumer group's one consumer within the credit window the consumer granted.
/// Commits, retention and dead-lettering are journaled too, so a partition restarted on another node
/// recovers exactly where it stood.
/// </summary>
public sealed partial class PartitionActor : ReceivePersistentActor, IWithTimers
{
    // Two writes in flight let the next batch gather while the journal works on the previous one.
    private const int MaxWritesInFlight = 2;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TopicName _topic;
    private readonly int _partition;
    private readonly TopicsSettings _settings;
    private readonly IActorRef _registry;
    private readonly Func<TopicName, IActorRef> _topicRef;
    private readonly PartitionLog _messages = new();
    private readonly Dictionary<GroupName, GroupCursor> _groups = [];
    private readonly List<(Append Command, IActorRef Sender)> _pending = [];
    private readonly Queue<List<(long CorrelationId, IActorRef Sender)>> _writes = new();
    private readonly Dictionary<long, (GroupName Group, long Offset)> _deadLetters = [];
    private TopicSpec? _spec;
    private long _assignedEnd;
    private DateTimeOffset _lastStamp = DateTimeOffset.MinValue;
    private long _deadLetterCorrelation;
    private bool _stopping;

    public PartitionActor(string entityId, TopicsSettings settings, IActorRef registry, Func<TopicName, IActorRef> topicRef)
    {
        (_topic, _partition) = ParseEntityId(entityId);
        _settings = settings;
        _registry = registry;
        _topicRef = topicRef;
        PersistenceId = $"partition-{_topic}-{_partition}";

        Recover<MessagesAppended>(e => _messages.Apply(e, LastSequenceNr));
        Recover<GroupsCommitted>(e => RestoreCommits(e.Commits));
        Recover<PartitionCheckpoint>(e =>
        {
            _messages.Apply(e);
            RestoreCommits(e.Commits);
        });
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Initializing();
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string entityId, TopicsSettings settings, IActorRef registry, Func<TopicName, IActorRef> topicRef) =>
        Akka.Actor.Props.Create(() => new PartitionActor(entityId, settings, registry, topicRef));

    public static string EntityId(TopicName topic, int partition) => $"{topic.Value}:{partition}";

    public static (TopicName Topic, int Partition) ParseEntityId(string entityId)
    {
        var colon = entityId.LastIndexOf(':');
        return (new TopicName(entityId[..colon]), int.Parse(entityId[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private void OnRecovered()
    {
        _assignedEnd = _messages.EndOffset;
        _log.Debug("partition {0}/{1} recovered: offsets {2}..{3}, {4} groups", _topic, _partition, _messages.StartOffset, _messages.EndOffset, _groups.Count);
        AskForSpec();
    }

    /// <summary>Until the registry tells this partition its topic's spec, commands wait in the stash.</summary>
    private void Initializing()
    {
        Command<TopicInfo>(info =>
        {
            _spec = info.Spec;
            Timers.Cancel(SpecRetry.Instance);
            Timers.StartPeriodicTimer(DeliveryTick.Instance, DeliveryTick.Instance, TickInterval(info.Spec));
            Timers.StartPeriodicTimer(CommitTick.Instance, CommitTick.Instance, _settings.CommitInterval);
            Timers.StartPeriodicTimer(RetentionTick.Instance, RetentionTick.Instance, _settings.RetentionCheckInterval);
            ApplyRetention();
            Become(Ready);
            Stash.UnstashAll();
        });
        Command<TopicNotFound>(notFound =>
        {
            _log.Warning("partition {0}/{1}: topic not found ({2}); stopping", _topic, _partition, notFound.Reason);
            RejectStashed(notFound.Reason);
        });
        Command<SpecRetry>(_ => AskForSpec());
        Command<StopPartition>(_ => Context.Stop(Self));
        CommandAny(_ => Stash.Stash());
    }

    private void Ready()
    {
        Command<Append>(HandleAppend);
        Command<SubscribePartition>(HandleSubscribe);
        Command<UnsubscribePartition>(HandleUnsubscribe);
        Command<Credit>(HandleCredit);
        Command<Ack>(HandleAck);
        Command<Nack>(HandleNack);
        Command<SeekPartition>(HandleSeek);
        Command<GetPartitionStatus>(_ => Sender.Tell(Status()));
        Command<Terminated>(HandleConsumerTerminated);
        Command<PublishAck>(HandleDeadLetterAck);
        Command<PublishRejected>(HandleDeadLetterRejected);
        Command<DeliveryTick>(_ => HandleDeliveryTick());
        Command<CommitTick>(_ => PersistCommits());
        Command<RetentionTick>(_ => ApplyRetention());
        Command<DeleteMessagesSuccess>(d => _log.Debug("partition {0}/{1}: journal deleted up to {2}", _topic, _partition, d.ToSequenceNr));
        Command<DeleteMessagesFailure>(d => _log.Warning("partition {0}/{1}: journal delete failed: {2}", _topic, _partition, d.Cause.Message));
        Command<TopicInfo>(_ => { });
        Command<SpecRetry>(_ => { });
        Command<StopPartition>(_ => BeginStop());
    }

    /// <summary>
    /// The partition is handed off (its node leaves, or the shard moves): journal the commits not yet
    /// journaled and let the writes in flight confirm, then stop, so a graceful move loses no ack.
    /// </summary>
    private void BeginStop()
    {
        _stopping = true;
        PersistCommits();
        StopWhenWritten();
    }

    private void StopWhenWritten()
    {
        if (_stopping && _writes.Count == 0 && _pending.Count == 0)
            DeferAsync(StopPartition.Instance, _ => Context.Stop(Self));
    }

    private TopicSpec Spec => _spec!;

    private void AskForSpec()
    {
        _registry.Tell(new GetTopic(_topic, CreateIfMissing: false));
        Timers.StartSingleTimer(SpecRetry.Instance, SpecRetry.Instance, TimeSpan.FromSeconds(2));
    }

    private void RejectStashed(string reason)
    {
        foreach (var envelope in Stash.ClearStash())
            if (envelope.Message is Append append)
                envelope.Sender.Tell(new PublishRejected(_topic, reason, append.CorrelationId));
        Context.Stop(Self);
    }

    private void RestoreCommits(IReadOnlyDictionary<string, long> commits)
    {
        foreach (var (group, offset) in commits)
            _groups[new GroupName(group)] = new GroupCursor(new GroupName(group), offset);
    }

    private static TimeSpan TickInterval(TopicSpec spec) =>
        TimeSpan.FromMilliseconds(Math.Clamp(spec.VisibilityTimeout.TotalMilliseconds / 4, 20, 500));

    private PartitionStatus Status() => new(_topic, _partition, _messages.StartOffset, _messages.EndOffset,
        _groups.Values.Select(g => new GroupStatus(g.Group, g.Committed, g.InFlight, g.Consumer is not null)).ToList());

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        if (@event is not MessagesAppended) return;
        foreach (var (correlationId, sender) in _writes.Dequeue())
            sender.Tell(new PublishRejected(_topic, $"journal rejected the write: {cause.Message}", correlationId));
        TryFlush();
    }

    /// <summary>The shard's hand-off message: stop after making commits and pending writes durable.</summary>
    public sealed class StopPartition
    {
        public static StopPartition Instance { get; } = new();

        private StopPartition()
        {
        }
    }

    private sealed class DeliveryTick : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static DeliveryTick Instance { get; } = new();
        private DeliveryTick() { }
    }

    private sealed class CommitTick : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static CommitTick Instance { get; } = new();
        private CommitTick() { }
    }

    private sealed class RetentionTick : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static RetentionTick Instance { get; } = new();
        private RetentionTick() { }
    }

    private sealed class SpecRetry : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static SpecRetry Instance { get; } = new();
        private SpecRetry() { }
    }
}
