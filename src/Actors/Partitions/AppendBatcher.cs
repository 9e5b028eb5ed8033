using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// A partition's publishes on their way into the journal. They wait here while earlier writes are in flight
/// and leave in batches of up to <c>max-batch-messages</c> (a burst costs one journal write, not one each),
/// getting their offsets and broker timestamps on the way out; the senders are answered in write order.
/// Timestamps never go back: each batch is stamped with the later of now and the previous stamp, starting from
/// the last timestamp of the recovered log, so a partition that moves to a node whose clock is behind keeps its
/// log ordered by time and seeks by time stay right. Owned by the partition actor, clock passed in.
/// </summary>
internal sealed class AppendBatcher(int maxBatchMessages)
{
    /// <summary>Two writes in flight let the next batch gather while the journal works on the previous one.</summary>
    public const int MaxWritesInFlight = 2;

    private readonly List<(Append Command, IActorRef Sender)> _pending = [];
    private readonly Queue<IReadOnlyList<(long CorrelationId, IActorRef Sender)>> _writes = new();
    private long _nextOffset;
    private DateTimeOffset _lastTimestamp = DateTimeOffset.MinValue;

    /// <summary>Nothing waits and nothing is being written.</summary>
    public bool Idle => _writes.Count == 0 && _pending.Count == 0;

    /// <summary>Continues after a recovered log: its next offset, and the timestamp no new message may precede.</summary>
    public void ResumeAfter(long endOffset, DateTimeOffset lastTimestamp)
    {
        _nextOffset = endOffset;
        _lastTimestamp = lastTimestamp;
    }

    public void Add(Append append, IActorRef sender) => _pending.Add((append, sender));

    /// <summary>The batches to write now: as many as the writes in flight allow, each stamped at <paramref name="now"/> or later.</summary>
    public IReadOnlyList<MessagesAppended> TakeBatches(DateTimeOffset now)
    {
        var batches = new List<MessagesAppended>(MaxWritesInFlight);
        while (_writes.Count < MaxWritesInFlight && _pending.Count > 0)
        {
            var take = Math.Min(_pending.Count, maxBatchMessages);
            _lastTimestamp = now > _lastTimestamp ? now : _lastTimestamp;
            var messages = new List<TopicMessage>(take);
            var replies = new List<(long, IActorRef)>(take);
            foreach (var (command, sender) in _pending.Take(take))
            {
                messages.Add(command.Message with { Timestamp = _lastTimestamp });
                replies.Add((command.CorrelationId, sender));
            }

            _pending.RemoveRange(0, take);
            batches.Add(new MessagesAppended(_nextOffset, messages));
            _nextOffset += take;
            _writes.Enqueue(replies);
        }

        return batches;
    }

    /// <summary>The oldest write finished (stored or rejected): whom to answer, in offset order.</summary>
    public IReadOnlyList<(long CorrelationId, IActorRef Sender)> CompleteWrite() => _writes.Dequeue();
}
