using System.Globalization;
using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// The partition's retention: by age, count and bytes (<see cref="PartitionLog.ApplyRetention(DateTimeOffset, RetentionLimits)"/>),
/// on a timer, after writes that took the log past its bounds (drop-oldest), and before refusing a publish for room
/// (reject-publish, which deletes only what every group has committed past). Messages deleted before a group committed
/// them are counted per group (<see cref="GroupCursor.Dropped"/>), journaled with the commits, and logged once per pass.
/// </summary>
internal sealed partial class PartitionActor
{
    // What the publishes taken but not yet written weigh: reject-publish counts them as retained already.
    private long _pendingBytes;
    private bool _retentionReading;

    // The start offset the journal knows (its last checkpoint, or recovery): a start moved inside a journal batch is
    // journaled on the retention tick and at hand-off, so a restart does not bring back messages retention deleted.
    private long _journaledStart;

    // Journal events retention let go of and not yet deleted. A partition at its bound drops a page every few hundred
    // messages: a checkpoint and a delete for each (two synced writes) cut publishing to a fraction (0.06 of a fresh
    // topic's rate in bench/Actors.LogBench), so they are gathered and written at most this often.
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);
    private long _deletableUpTo;
    private DateTimeOffset _lastCheckpoint;

    /// <summary>The bounds retention keeps the partition within; reject-publish deletes by count or bytes only below every group's commit.</summary>
    private RetentionLimits Limits() => !Spec.Deletes ? Unbounded
        : RetentionLimits.Of(Spec, Spec.Overflow == OverflowPolicy.RejectPublish ? CommittedByAll() : long.MaxValue);

    /// <summary>The lowest commit of the partition's groups: below it every group is done. No group: nothing is (a queue nobody reads keeps all).</summary>
    private long CommittedByAll() => _groups.Count == 0 ? _messages.StartOffset : _groups.Values.Min(c => c.Committed);

    private long PendingCount => _batcher.NextOffset - _messages.EndOffset;

    /// <summary>A publish with this producer sequence (or none) would be appended, not answered as a resend or refused for its sequence.</summary>
    private bool WouldAppend(ProducerSequence? producer) =>
        producer is null || _producers.Check(new ProducerBatch(producer.ProducerId, producer.Epoch, producer.Sequence)).Verdict == SequenceVerdict.Append;

    /// <summary>Drop-oldest: the log is past its count or bytes (retention deletes the oldest now, not at the next tick).</summary>
    private bool OverBound() => Spec.Bounded && Spec.Overflow == OverflowPolicy.DropOldest && !_messages.Fits(Limits(), 0, 0, 0, 0);

    /// <summary>
    /// Under reject-publish, why <paramref name="count"/> more messages weighing <paramref name="weight"/> do not fit even
    /// after deleting what every group has committed past; null when they fit (always under drop-oldest).
    /// </summary>
    private string? Full(long count, long weight)
    {
        if (!Spec.Bounded || Spec.Overflow != OverflowPolicy.RejectPublish) return null;
        var limits = Limits();
        if (_messages.Fits(limits, PendingCount, _pendingBytes, count, weight)) return null;
        // Room for them as if they were written already: what is left must fit in the bounds less what comes.
        var room = limits with
        {
            MaxMessages = limits.MaxMessages == TopicSpec.UnlimitedMessages ? limits.MaxMessages : limits.MaxMessages - PendingCount - count,
            MaxBytes = limits.MaxBytes == TopicSpec.UnlimitedBytes ? limits.MaxBytes : limits.MaxBytes - _pendingBytes - weight,
        };
        if (room.MaxMessages >= 0 && room.MaxBytes >= 0) ApplyRetention(room);
        if (_messages.Fits(limits, PendingCount, _pendingBytes, count, weight)) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"partition {_topic}/{_partition} is full ({_messages.Count + PendingCount:N0} messages, {_messages.RetainedBytes + _pendingBytes:N0} bytes, retention {Spec.RetentionMessagesText} messages / {Spec.RetentionBytesText}) and its overflow policy is reject-publish: publish again once its consumer groups have committed more");
    }

    /// <summary>Written (or refused by the journal): messages weighing <paramref name="weight"/> are no longer on their way.</summary>
    private void Written(long weight) => _pendingBytes -= weight;

    private void ApplyRetention() => ApplyRetention(Limits());

    /// <summary>
    /// Deletes what <paramref name="limits"/> no longer allow, counts what groups had not committed, drops the producers
    /// whose last message went with them; when whole journal batches expired, first journals a checkpoint (offsets, every
    /// group's commit and dropped count, the producers' state, which the deleted events also held), then deletes those batches.
    /// </summary>
    private void ApplyRetention(RetentionLimits limits)
    {
        var dropped = _messages.ApplyRetention(DateTimeOffset.UtcNow, limits);
        if (_messages.RetentionNeeds is { } page && !_retentionReading)
        {
            // The bound by bytes falls inside a page only in the journal: read it, then finish the pass.
            _retentionReading = true;
            WhenPageLoaded(page, () =>
            {
                _retentionReading = false;
                ApplyRetention();
            });
        }

        if (dropped == 0) return;
        Diagnostics.ActorsMetrics.RetentionDropped.Add(dropped, _tags);
        CountDroppedUnread();
        _producers.ExpireBefore(_messages.StartOffset);
        _deletableUpTo = Math.Max(_deletableUpTo, _messages.TakeDeletableSequenceNr());
        if (_deletableUpTo > 0 && DateTimeOffset.UtcNow - _lastCheckpoint >= CheckpointInterval) JournalStartIfMoved();
    }

    /// <summary>
    /// On the retention tick, at hand-off, and at most every <see cref="CheckpointInterval"/> while retention deletes: a
    /// start that moved since the last checkpoint is journaled, and the events retention let go of since are deleted.
    /// </summary>
    private void JournalStartIfMoved()
    {
        if (_messages.StartOffset <= _journaledStart && _deletableUpTo == 0) return;
        var deletable = _deletableUpTo;
        _deletableUpTo = 0;
        _lastCheckpoint = DateTimeOffset.UtcNow;
        PersistCheckpoint(deletable);
    }

    /// <summary>Journals a checkpoint, then deletes the events up to <paramref name="deletable"/> (none for 0).</summary>
    private void PersistCheckpoint(long deletable)
    {
        // Producer state only as far as the journal has it by the time the checkpoint lands (it is written after the
        // batches already taken, before the ones still waiting).
        var checkpoint = new PartitionCheckpoint(_messages.StartOffset, _messages.EndOffset, Commits(), _producers.Snapshot(_batcher.TakenEnd), DroppedCounts());
        _journaledStart = checkpoint.StartOffset;
        foreach (var cursor in _groups.Values) cursor.Dirty = false;
        PersistAsync(checkpoint, _ =>
        {
            if (deletable > 0) DeleteMessages(deletable);
            CountEvent();
        });
    }

    /// <summary>Moves every group's commit up to the new start, counting what it had not done; one warning line for the pass.</summary>
    private void CountDroppedUnread()
    {
        var unread = new List<string>();
        foreach (var cursor in _groups.Values)
            if (cursor.SkipExpired(_messages.StartOffset) is var count and > 0)
                unread.Add(string.Create(CultureInfo.InvariantCulture, $"group {cursor.Group} {count:N0} (dropped in all {cursor.Dropped:N0})"));
        if (unread.Count > 0)
            _log.Warning("partition {0}/{1}: retention deleted messages before these groups committed them: {2}", _topic, _partition, string.Join(", ", unread));
    }

    private Dictionary<string, long> Commits() => _groups.Values.ToDictionary(c => c.Group.Value, c => c.Committed);

    private Dictionary<string, long> DroppedCounts() => _groups.Values.Where(c => c.Dropped > 0).ToDictionary(c => c.Group.Value, c => c.Dropped);
}
