namespace Actors.Partitions;

/// <summary>
/// What a partition remembers of one idempotent producer: its epoch, and where its most recent sequences were
/// stored, as ranges of consecutive sequences at consecutive offsets (a producer alone on a partition needs one
/// range however many it sends). At least <see cref="ProducerState.RememberedSequences"/> sequences are kept, so a
/// resend within that window is answered with its original offset. Owned by <see cref="ProducerState"/>.
/// </summary>
internal sealed class ProducerEntry(short epoch)
{
    private readonly Queue<SequenceRange> _older = new();
    private SequenceRange _latest;
    private long _remembered;

    public short Epoch { get; private set; } = epoch;

    /// <summary>The last sequence taken, in this epoch.</summary>
    public int LastSequence => _latest.LastSequence;

    /// <summary>The offset of the last message taken (retention forgets a producer once its last message is gone).</summary>
    public long LastOffset => _latest.LastOffset;

    /// <summary>Takes <paramref name="count"/> sequences from <paramref name="first"/> at offsets from <paramref name="firstOffset"/>; a new epoch forgets the old one's.</summary>
    public void Take(short epoch, int first, int count, long firstOffset)
    {
        if (epoch != Epoch || _remembered == 0)
        {
            _older.Clear();
            _remembered = 0;
            _latest = default;
            Epoch = epoch;
        }

        // A range never wraps: the part after int.MaxValue starts a range of its own at 0.
        while (count > 0)
        {
            var piece = (int)Math.Min(count, (long)int.MaxValue - first + 1);
            Add(new SequenceRange(first, firstOffset, piece));
            first = Sequences.Add(first, piece);
            firstOffset += piece;
            count -= piece;
        }
    }

    /// <summary>The offset sequence <paramref name="sequence"/> was stored at, if still remembered.</summary>
    public long? OffsetOf(int sequence)
    {
        if (_remembered > 0 && _latest.Holds(sequence)) return _latest.FirstOffset + (sequence - _latest.FirstSequence);
        foreach (var range in _older)
            if (range.Holds(sequence))
                return range.FirstOffset + (sequence - range.FirstSequence);
        return null;
    }

    /// <summary>The remembered ranges, oldest first, cut at <paramref name="belowOffset"/> (offsets not yet durable).</summary>
    public IReadOnlyList<SequenceRange> Ranges(long belowOffset) =>
        _older.Append(_latest).Where(r => _remembered > 0 && r.FirstOffset < belowOffset)
            .Select(r => r.LastOffset < belowOffset ? r : r with { Count = (int)(belowOffset - r.FirstOffset) })
            .ToList();

    private void Add(SequenceRange range)
    {
        if (_remembered > 0 && _latest.LastSequence != int.MaxValue && range.FirstSequence == _latest.LastSequence + 1
            && range.FirstOffset == _latest.LastOffset + 1)
        {
            _latest = _latest with { Count = _latest.Count + range.Count };
        }
        else
        {
            if (_remembered > 0) _older.Enqueue(_latest);
            _latest = range;
        }

        _remembered += range.Count;
        while (_older.Count > 0 && _remembered - _older.Peek().Count >= ProducerState.RememberedSequences)
            _remembered -= _older.Dequeue().Count;
    }
}
