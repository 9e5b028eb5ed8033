using Actors.Diagnostics;
using Actors.Topics;
using Akka.Persistence;

namespace Actors.Partitions;

/// <summary>
/// One partition of one topic: a persistent actor hosted by Cluster Sharding (entity id <c>topic:partition</c>).
/// It owns the partition's log, refuses messages over the topic's size limit, appends in batches (see
/// <see cref="AppendBatcher"/>), confirms each publish only after its write, and delivers to each consumer
/// group's one consumer within the credit window (prefetch) the consumer subscribed with (see
/// <see cref="GroupCursor"/>), moving messages that keep failing to the dead-letter topic (see
/// <see cref="DeadLetterOutbox"/>). Publishes of idempotent producers are appended only in their producer's
/// sequence, a resend is answered with its original offset and a gap is refused (see <see cref="ProducerState"/>).
/// A compacted topic keeps only the latest message per key below the tail (<c>PartitionActor.Compaction.cs</c>).
/// Commits, retention and producer state are journaled too, so a partition restarted on another node recovers
/// exactly where it stood.
/// </summary>
internal sealed partial class PartitionActor : ReceivePersistentActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TopicName _topic;
    private readonly int _partition;
    private readonly TopicsSettings _settings;
    private readonly Func<TopicName, IActorRef> _topicRef;
    private readonly TopicLookup _lookup;
    private readonly PartitionLog _messages;
    private readonly Dictionary<GroupName, GroupCursor> _groups = [];
    private readonly ProducerState _producers = new();
    private readonly AppendBatcher _batcher;
    private readonly DeadLetterOutbox _deadLetters;
    private TopicSpec? _spec;
    private bool _stopping;

    // Telemetry: tags built once; one entry per journal write in flight (its start, and its span when traced).
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly Dictionary<GroupName, KeyValuePair<string, object?>[]> _groupTags = [];
    private readonly Queue<(long Started, System.Diagnostics.Activity? Span)> _writesInFlight = new();
    private readonly NodeCounts _node;

    public PartitionActor(string entityId, TopicsSettings settings, IActorRef registry, Func<TopicName, IActorRef> topicRef)
    {
        (_topic, _partition) = ParseEntityId(entityId);
        _settings = settings;
        _topicRef = topicRef;
        _lookup = TopicLookup.For(this, _log, registry, new GetTopic(_topic, CreateIfMissing: false), settings.LookupRetryInterval);
        _batcher = new AppendBatcher(settings.MaxBatchMessages);
        _deadLetters = new DeadLetterOutbox(_topic, _partition);
        _messages = new PartitionLog(settings, CacheBudgetExtension.For(Context.System));
        PersistenceId = $"partition-{_topic}-{_partition}";
        _tags = MessagingTags.ForPartition(_topic.Value, _partition);
        _node = NodeCounts.For(Context.System);

        Recover<SnapshotOffer>(RecoverSnapshot);
        Recover<MessagesAppended>(e =>
        {
            _recoveredEvents++;
            _bytesSinceSnapshot += _messages.Apply(e, LastSequenceNr);
            _producers.Apply(e);
        });
        Recover<GroupsCommitted>(e =>
        {
            _recoveredEvents++;
            RestoreCommits(e.Commits, e.Dropped);
        });
        Recover<PartitionCheckpoint>(e =>
        {
            _recoveredEvents++;
            _messages.Apply(e);
            RestoreCommits(e.Commits, e.Dropped);
            _producers.Restore(e.Producers);
        });
        Recover<MessagesCompacted>(e =>
        {
            _recoveredEvents++;
            _messages.ApplyCompaction(e, LastSequenceNr);
            _compactionReplayed = true;
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
        // New messages continue the recovered log: its offsets, and timestamps never before its last one.
        _batcher.ResumeAfter(_messages.EndOffset, _messages.LastTimestamp);
        _producers.ExpireBefore(_messages.StartOffset);
        _journaledStart = _messages.StartOffset;
        DeleteSupersededAfterRecovery();
        // A long replay since the last snapshot is followed by a snapshot soon.
        _eventsSinceSnapshot = _recoveredEvents;
        _log.Debug("partition {0}/{1} recovered: offsets {2}..{3}, {4} groups, {5} producers, {6} events replayed after the snapshot at sequence {7}",
            [_topic, _partition, _messages.StartOffset, _messages.EndOffset, _groups.Count, _producers.Count, _recoveredEvents, _snapshotSequenceNr]);
        _lookup.Ask();
    }

    /// <summary>Until the registry tells this partition its topic's spec, commands wait in the stash.</summary>
    private void Initializing()
    {
        Command<StopPartition>(_ => Context.Stop(Self));
        InitializingAdmin();
        CommandAny(message => _lookup.Resolving(message, OnTopicFound, OnTopicNotFound));
    }

    private void OnTopicFound(TopicSpec spec)
    {
        if (OutsideTopic(spec)) return;
        _spec = spec;
        Timers.StartPeriodicTimer(DeliveryTick.Instance, DeliveryTick.Instance, TickInterval(spec));
        Timers.StartPeriodicTimer(CommitTick.Instance, CommitTick.Instance, _settings.CommitInterval);
        Timers.StartPeriodicTimer(RetentionTick.Instance, RetentionTick.Instance, _settings.RetentionCheckInterval);
        ApplyRetention();
        Become(Ready);
    }

    /// <summary>
    /// No such topic, or not this partition of it: the waiting publishes are refused as sent to an unknown partition,
    /// so a producer whose spec is stale (the topic was deleted, or re-created with fewer partitions) looks the topic up
    /// again, creating it where auto-create allows, and routes them once more.
    /// </summary>
    private void OnTopicNotFound(TopicNotFound notFound, IEnumerable<Envelope> waiting)
    {
        _log.Warning("partition {0}/{1}: topic not found ({2}); stopping", _topic, _partition, notFound.Reason);
        foreach (var envelope in waiting) RefusePublishes(envelope.Message, envelope.Sender, notFound.Reason, PublishError.UnknownPartition);
        Context.Stop(Self);
    }

    /// <summary>Refuses every publish <paramref name="command"/> carries (one reply each); any other command is left alone.</summary>
    private void RefusePublishes(object command, IActorRef sender, string reason, PublishError error = PublishError.Refused)
    {
        switch (command)
        {
            case Append append:
                sender.Tell(new PublishRejected(_topic, reason, append.CorrelationId, error));
                break;
            case AppendBatch batch:
                sender.Tell(new PublishRejected(_topic, reason, batch.CorrelationId, error));
                break;
            case PublishBatch batch:
                foreach (var publish in batch.Publishes) sender.Tell(new PublishRejected(_topic, reason, publish.CorrelationId, error));
                break;
        }
    }

    private void Ready()
    {
        Command<Append>(HandleAppend);
        Command<PublishBatch>(HandlePublishBatch);
        ReadyReads();
        Command<SubscribePartition>(subscribe => HandleSubscribe(subscribe, Sender));
        Command<UnsubscribePartition>(HandleUnsubscribe);
        Command<Ack>(HandleAck);
        Command<AckBatch>(HandleAckBatch);
        Command<Nack>(HandleNack);
        Command<SeekPartition>(seek => HandleSeek(seek, Sender));
        Command<GetPartitionStatus>(_ => Sender.Tell(Status()));
        Command<Terminated>(HandleConsumerTerminated);
        Command<PublishAck>(HandleDeadLetterAck);
        Command<PublishRejected>(HandleDeadLetterRejected);
        Command<DeliveryTick>(_ => HandleDeliveryTick());
        Command<CommitTick>(_ => PersistCommits());
        Command<RetentionTick>(_ =>
        {
            ApplyRetention();
            _messages.FitBudget(); // an idle partition gives back its excess to busy ones here
            JournalStartIfMoved();
            CompactIfDue();
        });
        Command<DeleteMessagesSuccess>(d => _log.Debug("partition {0}/{1}: journal deleted up to {2}", _topic, _partition, d.ToSequenceNr));
        Command<DeleteMessagesFailure>(d => _log.Warning("partition {0}/{1}: journal delete failed: {2}", _topic, _partition, d.Cause.Message));
        Command<StopPartition>(_ => BeginStop());
        ReadyPaging();
        ReadyAdmin();
        Command<object>(TopicLookup.IsLate, _ => { });
    }

    /// <summary>
    /// The partition is handed off (its node leaves, or the shard moves): journal the commits not yet
    /// journaled and let the writes in flight confirm, then stop, so a graceful move loses no ack. Requests waiting
    /// for a page from the journal (a read, a seek, a subscription) are answered first; a page read that fails now
    /// leaves its requests to their senders' timeouts (the partition's next home answers them again).
    /// </summary>
    private void BeginStop()
    {
        _stopping = true;
        AnswerAllParked();
        RetryWaitedPages(); // a page whose read failed before is read again now, not on the next tick
        JournalStartIfMoved();
        PersistCommits();
        StopWhenWritten();
    }

    /// <summary>Stops once the writes in flight are confirmed and every request waiting for a page got its answer.</summary>
    private void StopWhenWritten()
    {
        if (_stopping && _batcher.Idle && _pageWaiters.Count == 0)
            DeferAsync(StopPartition.Instance, _ => Context.Stop(Self));
    }

    private TopicSpec Spec => _spec!;

    /// <summary>Groups' commits and dropped-unread counts as journaled (a count never goes down; events from before counts had none).</summary>
    private void RestoreCommits(IReadOnlyDictionary<string, long> commits, IReadOnlyDictionary<string, long>? dropped)
    {
        foreach (var (group, offset) in commits)
        {
            var name = new GroupName(group);
            var count = Math.Max(_groups.TryGetValue(name, out var known) ? known.Dropped : 0, dropped?.GetValueOrDefault(group) ?? 0);
            _groups[name] = new GroupCursor(name, offset, count);
        }
    }

    private static TimeSpan TickInterval(TopicSpec spec) =>
        TimeSpan.FromMilliseconds(Math.Clamp(spec.VisibilityTimeout.TotalMilliseconds / 4, 20, 500));

    private PartitionStatus Status() => new(_topic, _partition, _messages.StartOffset, _messages.EndOffset,
        _groups.Values.Select(g => new GroupStatus(g.Group, g.Committed, g.InFlight, g.Consumer is not null, g.Dropped,
            g.Consumer is null ? -1 : g.Generation)).ToList(), _recoveredEvents,
        _messages.RetainedBytes);

    protected override void PreStart()
    {
        _node.PartitionStarted();
        base.PreStart();
    }

    protected override void PostStop()
    {
        _node.PartitionStopped();
        foreach (var group in _groupTags.Keys) ConsumerLag.Remove(_topic.Value, _partition, group.Value);
        while (_writesInFlight.TryDequeue(out var write)) MessageTracing.Stop(write.Span);
        _messages.Release();
        base.PostStop();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The journal health check probes the journal on this cue; a node that cannot write gives its partitions up.
        Context.System.EventStream.Publish(new JournalWriteFailed(PersistenceId, cause.GetBaseException().Message, Rejected: false));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Context.System.EventStream.Publish(new JournalWriteFailed(PersistenceId, cause.GetBaseException().Message, Rejected: true));
        base.OnPersistRejected(cause, @event, sequenceNr);
        if (@event is not MessagesAppended appended) return;
        if (_writesInFlight.TryDequeue(out var write))
        {
            write.Span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, cause.Message);
            MessageTracing.Stop(write.Span);
        }

        Written(appended.Messages.Sum(LogPage.Weight));
        foreach (var reply in _batcher.CompleteWrite())
            reply.Sender.Tell(new PublishRejected(_topic, $"journal rejected the write: {cause.Message}", reply.CorrelationId));
        if (appended.Producers.Count > 0)
        {
            // Producer state counted those sequences as taken; start again from the journal so it holds only what
            // was written. Publishes not yet answered get no answer: their producers resend them.
            _log.Warning("partition {0}/{1}: the journal rejected a write of idempotent publishes; restarting from the journal", _topic, _partition);
            Context.Stop(Self);
            return;
        }

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
}
