using Actors.Topics;

namespace Actors.Partitions;

/// <summary>A publisher to answer once offset <paramref name="Offset"/> is written.</summary>
internal readonly record struct PendingReply(long Offset, long CorrelationId, IActorRef Sender);

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

    private readonly List<(Append Command, IActorRef Sender)> _pending = [];
    private readonly Queue<(long FirstOffset, IReadOnlyList<(long CorrelationId, IActorRef Sender)> Replies)> _writes = new();
    private readonly Dictionary<long, List<(long CorrelationId, IActorRef Sender)>> _resent = [];
    private long _nextOffset;
    private DateTimeOffset _lastTimestamp = DateTimeOffset.MinValue;

    /// <summary>Nothing waits and nothing is being written.</summary>
    public bool Idle => _writes.Count == 0 && _pending.Count == 0;

    /// <summary>The offset after the last batch handed to the journal: everything below is written or being written.</summary>
    public long TakenEnd => _nextOffset - _pending.Count;

    /// <summary>Continues after a recovered log: its next offset, and the timestamp no new message may precede.</summary>
    public void ResumeAfter(long endOffset, DateTimeOffset lastTimestamp)
    {
        _nextOffset = endOffset;
        _lastTimestamp = lastTimestamp;
    }

    /// <summary>Queues <paramref name="append"/> and returns the offset it will be written at.</summary>
    public long Add(Append append, IActorRef sender)
    {
        _pending.Add((append, sender));
        return _nextOffset++;
    }

    /// <summary>Also answers <paramref name="sender"/> once <paramref name="offset"/>, queued or being written, is written (a resend of it).</summary>
    public void AnswerAlso(long offset, long correlationId, IActorRef sender)
    {
        if (!_resent.TryGetValue(offset, out var senders)) _resent[offset] = senders = [];
        senders.Add((correlationId, sender));
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
            var replies = new List<(long, IActorRef)>(take);
            var producers = new List<ProducerRun>();
            foreach (var (command, sender) in _pending.Take(take))
            {
                AddToRuns(producers, messages.Count, command.Producer);
                messages.Add(command.Message with { Timestamp = _lastTimestamp });
                replies.Add((command.CorrelationId, sender));
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
            answers.Add(new PendingReply(offset, replies[i].CorrelationId, replies[i].Sender));
            if (_resent.Remove(offset, out var resent)) answers.AddRange(resent.Select(r => new PendingReply(offset, r.CorrelationId, r.Sender)));
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
