using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// A partition's retained messages in offset order, with retention by age and count. Offsets run from
/// <see cref="StartOffset"/> (first retained) to <see cref="EndOffset"/> (the next to be assigned).
/// Also remembers which journal sequence number holds which offsets, so retention can delete journal
/// events that hold only expired messages.
/// </summary>
internal sealed class PartitionLog
{
    private readonly RingBuffer<StoredMessage> _messages = new();
    private readonly Queue<(long SequenceNr, long LastOffset)> _batches = new();

    public long StartOffset => _messages.Count > 0 ? _messages.First.Offset : EndOffset;
    public long EndOffset { get; private set; }
    public int Count => _messages.Count;

    /// <summary>The latest timestamp among the messages applied (also those since removed by retention); new ones must not precede it.</summary>
    public DateTimeOffset LastTimestamp { get; private set; } = DateTimeOffset.MinValue;

    public void Apply(MessagesAppended batch, long sequenceNr)
    {
        var offset = batch.FirstOffset;
        foreach (var message in batch.Messages)
        {
            // Offsets below EndOffset are already known (a replayed batch from before a checkpoint).
            if (offset >= EndOffset)
            {
                _messages.Add(new StoredMessage(offset, message));
                if (message.Timestamp > LastTimestamp) LastTimestamp = message.Timestamp;
                EndOffset = offset + 1;
            }

            offset++;
        }

        _batches.Enqueue((sequenceNr, batch.LastOffset));
    }

    /// <summary>Restores offsets from a checkpoint: messages before its start are gone for good.</summary>
    public void Apply(PartitionCheckpoint checkpoint)
    {
        while (_messages.Count > 0 && _messages.First.Offset < checkpoint.StartOffset) _messages.RemoveFirst();
        EndOffset = Math.Max(EndOffset, checkpoint.EndOffset);
    }

    public StoredMessage? Get(long offset)
    {
        if (_messages.Count == 0) return null;
        var index = offset - _messages.First.Offset;
        return index >= 0 && index < _messages.Count ? _messages[(int)index] : null;
    }

    /// <summary>The first offset whose message was stamped at or after <paramref name="time"/> (EndOffset if none).</summary>
    public long FirstOffsetAtOrAfter(DateTimeOffset time)
    {
        var index = _messages.BinarySearch(m => m.Message.Timestamp >= time);
        return index < _messages.Count ? _messages[index].Offset : EndOffset;
    }

    /// <summary>Drops messages older than <paramref name="maxAge"/> or beyond <paramref name="maxCount"/>; returns how many.</summary>
    public int ApplyRetention(DateTimeOffset now, TimeSpan maxAge, long maxCount)
    {
        var dropped = 0;
        while (_messages.Count > 0 && (_messages.Count > maxCount || now - _messages.First.Message.Timestamp > maxAge))
        {
            _messages.RemoveFirst();
            dropped++;
        }

        return dropped;
    }

    /// <summary>
    /// The highest journal sequence number whose batches hold only messages before <see cref="StartOffset"/>;
    /// those batches are forgotten here, so the caller must delete them from the journal.
    /// </summary>
    public long TakeDeletableSequenceNr()
    {
        long deletable = 0;
        while (_batches.Count > 0 && _batches.Peek().LastOffset < StartOffset) deletable = _batches.Dequeue().SequenceNr;
        return deletable;
    }
}
