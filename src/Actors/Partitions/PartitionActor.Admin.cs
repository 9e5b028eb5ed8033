using Actors.Consumers;
using Actors.Topics;
using Akka.Cluster.Sharding;
using Akka.Persistence;

namespace Actors.Partitions;

/// <summary>
/// The partition's operator requests: describing it (with the node that hosts it), and deleting it as part of its
/// topic's deletion. Deleting stops the groups' consumers, refuses new publishes, lets the writes in flight finish and confirm, deletes every
/// journal event and snapshot (after a snapshot being saved has landed), answers and passivates; the next incarnation (if anything ever starts one) recovers
/// an empty log from offset 0.
/// </summary>
internal sealed partial class PartitionActor
{
    private readonly List<IActorRef> _deletionWaiters = [];
    private PartitionDeleted? _deleted;
    private long _deleteTo = -1;
    private bool _journalDeleted;
    private bool _snapshotsDeleted;

    /// <summary>Before the spec is known: a partition of a topic being deleted never learns it, so deletion cannot wait for it.</summary>
    private void InitializingAdmin() => Command<DeletePartition>(BeginDelete);

    private void ReadyAdmin()
    {
        Command<DeletePartition>(BeginDelete);
        Command<DescribePartition>(_ => Sender.Tell(new PartitionDescription(Status(), Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString())));
    }

    /// <summary>
    /// Whether this partition is beyond the topic's count: a topic deleted and created again with fewer partitions,
    /// and a node that missed the deletion still routing by the old count. Refused like an unknown topic, rather than
    /// written where no consumer reads.
    /// </summary>
    private bool OutsideTopic(TopicSpec spec)
    {
        if (_partition < spec.Partitions) return false;
        OnTopicNotFound(new TopicNotFound(_topic, $"topic '{_topic}' has {spec.Partitions} partitions, so no partition {_partition}"), Stash.ClearStash());
        return true;
    }

    private void BeginDelete(DeletePartition delete)
    {
        _deleting = true;
        _deletionWaiters.Add(Sender);
        // A partition still looking its spec up holds publishes in the stash: they are refused, not lost silently.
        foreach (var waiting in Stash.ClearStash()) RefusePublishes(waiting.Message, waiting.Sender, $"topic '{_topic}' is being deleted");
        // Consumers stop now: resubscribing to a deleted partition would only start it again, to find its topic gone.
        foreach (var cursor in _groups.Values.Where(c => c.Consumer is not null))
            cursor.Consumer!.Tell(new GroupStopped(_topic, cursor.Group, $"topic '{_topic}' was deleted"));
        _log.Debug("partition {0}/{1}: deleting its journal (the topic is being deleted)", _topic, _partition);
        // Delivery, commit and retention timers, and the topic lookup's retry: nothing of that matters any more.
        Timers.CancelAll();
        AnswerAllParked();
        Become(Deleting);
        DeleteWhenWritten();
    }

    private void Deleting()
    {
        Command<DeletePartition>(_ =>
        {
            if (_deleted is not null) Sender.Tell(_deleted);
            else _deletionWaiters.Add(Sender);
        });
        Command<Append>(append => RefusePublishes(append, Sender, $"topic '{_topic}' is being deleted"));
        Command<AppendBatch>(batch => RefusePublishes(batch, Sender, $"topic '{_topic}' is being deleted"));
        Command<PublishBatch>(batch => RefusePublishes(batch, Sender, $"topic '{_topic}' is being deleted"));
        Command<ReadPartition>(_ => Sender.Tell(new PartitionRead(_topic, _partition, _messages.StartOffset, _messages.EndOffset, [])));
        Command<DeleteWhenIdle>(_ => DeleteWhenWritten());
        Command<DeleteMessagesSuccess>(success =>
        {
            // A retention delete issued before may answer here too; only the delete of everything counts.
            if (success.ToSequenceNr != _deleteTo) return;
            _journalDeleted = true;
            FinishDelete();
        });
        Command<SaveSnapshotSuccess>(_ => _snapshotInFlight = false);
        Command<SaveSnapshotFailure>(_ => _snapshotInFlight = false);
        // Only the delete of every snapshot counts (an older delete of superseded ones may answer here too).
        Command<DeleteSnapshotsSuccess>(success => success.Criteria.MaxSequenceNr == long.MaxValue, _ =>
        {
            _snapshotsDeleted = true;
            FinishDelete();
        });
        Command<DeleteMessagesFailure>(failure => RetryDelete("journal", failure.Cause));
        Command<DeleteSnapshotsFailure>(failure => RetryDelete("snapshots", failure.Cause));
        Command<StopPartition>(_ => Context.Stop(Self));
        // Subscriptions, acks, dead-letter confirms, late lookup answers: the partition is going away.
        CommandAny(_ => { });
    }

    /// <summary>
    /// Deletes once no publish waits or is being written (those confirm first), after every pending async write
    /// (commits, checkpoints), so nothing is written behind the delete.
    /// </summary>
    private void DeleteWhenWritten()
    {
        // A snapshot being saved must land before the delete of all of them, or it would outlive the topic.
        if (!_batcher.Idle || _snapshotInFlight)
        {
            Timers.StartSingleTimer(DeleteWhenIdle.Instance, DeleteWhenIdle.Instance, TimeSpan.FromMilliseconds(50));
            return;
        }

        DeferAsync(DeleteWhenIdle.Instance, _ =>
        {
            _deleteTo = LastSequenceNr;
            _journalDeleted = _deleteTo == 0;
            if (!_journalDeleted) DeleteMessages(_deleteTo);
            DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue, DateTime.MaxValue));
            FinishDelete();
        });
    }

    private void RetryDelete(string what, Exception cause)
    {
        _log.Warning("partition {0}/{1}: deleting its {2} failed ({3}); trying again", _topic, _partition, what, cause.Message);
        _journalDeleted = _snapshotsDeleted = false;
        Timers.StartSingleTimer(DeleteWhenIdle.Instance, DeleteWhenIdle.Instance, _settings.LookupRetryInterval);
    }

    private void FinishDelete()
    {
        if (!_journalDeleted || !_snapshotsDeleted || _deleted is not null) return;
        _deleted = new PartitionDeleted(_topic, _partition, _groups.Keys.OrderBy(g => g.Value, StringComparer.Ordinal).ToList());
        foreach (var waiter in _deletionWaiters) waiter.Tell(_deleted);
        _deletionWaiters.Clear();
        _log.Debug("partition {0}/{1}: journal deleted", _topic, _partition);
        // Passivate rather than stop: the shard holds messages sent meanwhile for the next incarnation.
        Context.Parent.Tell(new Passivate(StopPartition.Instance));
    }

    /// <summary>Check again whether the writes in flight are done, or retry a failed delete.</summary>
    private sealed class DeleteWhenIdle : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static DeleteWhenIdle Instance { get; } = new();
        private DeleteWhenIdle() { }
    }
}
