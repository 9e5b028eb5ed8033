using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// A publisher to answer once offset <paramref name="Offset"/> is written: a single publish (<paramref name="BatchSize"/> 0,
/// answered with <see cref="PublishAck"/>, or, when it came in a <see cref="PublishBatch"/> (<paramref name="Grouped"/>),
/// within one <see cref="PublishConfirms"/> for the write), or the last message of an <see cref="AppendBatch"/> of that
/// many messages (answered with <see cref="BatchAppended"/> and the batch's first offset, <see cref="BaseOffset"/>).
/// </summary>
internal readonly record struct PendingReply(long Offset, long CorrelationId, IActorRef Sender, int BatchSize = 0, bool Grouped = false)
{
    public bool IsBatch => BatchSize > 0;

    public long BaseOffset => Offset - BatchSize + 1;
}

/// <summary>
/// A partition's publishes on their way into the journal. Each gets its offset as it is added (so an idempotent
/// producer's state can name it at once); they wait here while earlier writes are in flight and leave in batches of
/// up to <c>max-batch-messages</c> (a burst costs one journal write, not one each), getting their broker timestamps
/// on the way out; the senders are answered in write order, together with anyone who resent one of them meanwhile.
/// Timestamps never go back: each batch is stamped with the later of now and the previous stamp, starting from
/// the last timestamp of the recovered log, so a partition that moves to a node whose clock is behind keeps its
/// log ordered by time and seeks by time stay right. Owned by the partition actor, clock passed in.
/// </summary>
internal sealed class AppendBatcher(int maxBatchMessages)
{
    /// <summary>Two writes in flight let the next batch gather while the journal works on the previous one.</summary>
    public const int MaxWritesInFlight = 2;

    // A batch's messages wait here one by one; only its last carries the sender (and the batch's size), so the
    // batch is answered once, when its last message is written (writes complete in offset order).
    private readonly List<(Append Command, IActorRef? Sender, int BatchSize, bool Grouped)> _pending = [];
    private readonly Queue<(long FirstOffset, IReadOnlyList<(long CorrelationId, IActorRef? Sender, int BatchSize, bool Grouped)> Replies)> _writes = new();
    private readonly Dictionary<long, List<(long CorrelationId, IActorRef Sender, int BatchSize)>> _resent = [];
    private long _nextOffset;
    private DateTimeOffset _lastTimestamp = DateTimeOffset.MinValue;

    /// <summary>Nothing waits and nothing is being written.</summary>
    public bool Idle => _writes.Count == 0 && _pending.Count == 0;

    /// <summary>The offset after the last batch handed to the journal: everything below is written or being written.</summary>
    public long TakenEnd => _nextOffset - _pending.Count;

    /// <summary>The offset the next publish will get: those from the log's end up to here are waiting or being written.</summary>
    public long NextOffset => _nextOffset;

    /// <summary>Continues after a recovered log: its next offset, and the timestamp no new message may precede.</summary>
    public void ResumeAfter(long endOffset, DateTimeOffset lastTimestamp)
    {
        _nextOffset = endOffset;
        _lastTimestamp = lastTimestamp;
    }

    /// <summary>
    /// Queues <paramref name="append"/> and returns the offset it will be written at; <paramref name="grouped"/>: it came
    /// in a <see cref="PublishBatch"/>, so its sender is confirmed with the write's other grouped publishes.
    /// </summary>
    public long Add(Append append, IActorRef sender, bool grouped = false)
    {
        _pending.Add((append, sender, 0, grouped));
        return _nextOffset++;
    }

    /// <summary>
    /// Queues the messages of <paramref name="batch"/> at consecutive offsets (each with its producer sequence, when the
    /// batch has a producer) and returns the first; <paramref name="sender"/> is answered once, when the last is written.
    /// </summary>
    public long AddBatch(AppendBatch batch, IActorRef sender)
    {
        var first = _nextOffset;
        for (var i = 0; i < batch.Messages.Count; i++)
        {
            var producer = batch.Producer is { } p ? p with { Sequence = Sequences.Add(p.Sequence, i) } : null;
            var last = i == batch.Messages.Count - 1;
            _pending.Add((new Append(batch.Topic, batch.Partition, batch.Messages[i], batch.CorrelationId, producer), last ? sender : null, last ? batch.Messages.Count : 0, false));
            _nextOffset++;
        }

        return first;
    }

    /// <summary>
    /// Also answers <paramref name="sender"/> once <paramref name="offset"/>, queued or being written, is written (a resend
    /// of it); for a resent batch of <paramref name="batchSize"/> messages, <paramref name="offset"/> is its last message's.
    /// </summary>
    public void AnswerAlso(long offset, long correlationId, IActorRef sender, int batchSize = 0)
    {
        if (!_resent.TryGetValue(offset, out var senders)) _resent[offset] = senders = [];
        senders.Add((correlationId, sender, batchSize));
    }

    /// <summary>The batches to write now: as many as the writes in flight allow, each stamped at <paramref name="now"/> or later.</summary>
    public IReadOnlyList<MessagesAppended> TakeBatches(DateTimeOffset now)
    {
        var batches = new List<MessagesAppended>(MaxWritesInFlight);
        while (_writes.Count < MaxWritesInFlight && _pending.Count > 0)
        {
            var take = Math.Min(_pending.Count, maxBatchMessages);
            _lastTimestamp = now > _lastTimestamp ? now : _lastTimestamp;
            var firstOffset = TakenEnd;
            var messages = new List<TopicMessage>(take);
            var replies = new List<(long, IActorRef?, int, bool)>(take);
            var producers = new List<ProducerRun>();
            foreach (var (command, sender, batchSize, grouped) in _pending.Take(take))
            {
                AddToRuns(producers, messages.Count, command.Producer);
                messages.Add(command.Message with { Timestamp = _lastTimestamp });
                replies.Add((command.CorrelationId, sender, batchSize, grouped));
            }

            _pending.RemoveRange(0, take);
            batches.Add(new MessagesAppended(firstOffset, messages, producers));
            _writes.Enqueue((firstOffset, replies));
        }

        return batches;
    }

    /// <summary>The oldest write finished (stored or rejected): whom to answer, in offset order.</summary>
    public IReadOnlyList<PendingReply> CompleteWrite()
    {
        var (firstOffset, replies) = _writes.Dequeue();
        var answers = new List<PendingReply>(replies.Count);
        for (var i = 0; i < replies.Count; i++)
        {
            var offset = firstOffset + i;
            if (replies[i].Sender is { } sender) answers.Add(new PendingReply(offset, replies[i].CorrelationId, sender, replies[i].BatchSize, replies[i].Grouped));
            if (_resent.Remove(offset, out var resent)) answers.AddRange(resent.Select(r => new PendingReply(offset, r.CorrelationId, r.Sender, r.BatchSize)));
        }

        return answers;
    }

    /// <summary>Extends the last run when this message continues its producer's sequence, or starts a run.</summary>
    private static void AddToRuns(List<ProducerRun> runs, int index, ProducerSequence? producer)
    {
        if (producer is null) return;
        if (runs.Count > 0 && runs[^1] is var last && last.Index + last.Count == index && last.ProducerId == producer.ProducerId
            && last.Epoch == producer.Epoch && Sequences.Add(last.FirstSequence, last.Count) == producer.Sequence)
        {
            runs[^1] = last with { Count = last.Count + 1 };
            return;
        }

        runs.Add(new ProducerRun(index, producer.ProducerId, producer.Epoch, producer.Sequence, 1));
    }
}
