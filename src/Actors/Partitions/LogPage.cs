using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// One entry of a partition's sparse index: a run of journal events (sequence numbers <see cref="FromSequenceNr"/>
/// to <see cref="ToSequenceNr"/>) that holds the messages at offsets <see cref="FirstOffset"/> to
/// <see cref="LastOffset"/>, with the timestamps of the first and last of them. Consecutive write batches share one
/// entry until it weighs a page, so the index stays small (one entry per page, not per message) and a page is read
/// back from the journal with one replay of its sequence numbers. The newest entry grows with the writes until it is
/// full or someone reads it (<see cref="Sealed"/>: its loaded copy must stay whole).
/// </summary>
internal sealed class LogPage(long firstOffset, long lastOffset, long fromSequenceNr, long toSequenceNr, DateTimeOffset firstTimestamp,
    DateTimeOffset lastTimestamp, long bytes)
{
    public long FirstOffset { get; private set; } = firstOffset;
    public long LastOffset { get; private set; } = lastOffset;
    public long FromSequenceNr { get; } = fromSequenceNr;
    public long ToSequenceNr { get; private set; } = toSequenceNr;
    public DateTimeOffset FirstTimestamp { get; } = firstTimestamp;
    public DateTimeOffset LastTimestamp { get; private set; } = lastTimestamp;
    public long Bytes { get; private set; } = bytes;

    /// <summary>Read (or being read) from the journal, or restored from a snapshot: later writes start a new page.</summary>
    public bool Sealed { get; set; }

    /// <summary>The key of the page in the cache and of its read: its first sequence number, unique in the partition.</summary>
    public long Key => FromSequenceNr;

    public void Extend(long lastOffset, long sequenceNr, DateTimeOffset lastTimestamp, long bytes)
    {
        LastOffset = lastOffset;
        ToSequenceNr = sequenceNr;
        if (lastTimestamp > LastTimestamp) LastTimestamp = lastTimestamp;
        Bytes += bytes;
    }

    /// <summary>
    /// Compaction rewrote the offsets below <paramref name="firstOffset"/>: this page's events still hold them, but a read
    /// of the page keeps only its offsets from here on (its bytes still count them until the page is compacted in turn).
    /// </summary>
    public void TrimBelow(long firstOffset) => FirstOffset = Math.Max(FirstOffset, firstOffset);

    /// <summary>A tombstone: a message with a key and an empty payload, which deletes its key on a compacted topic.</summary>
    public static bool IsTombstone(TopicMessage message) => message.Key is not null && message.Payload.Length == 0;

    public PageRange ToRange() => new(FirstOffset, LastOffset, FromSequenceNr, ToSequenceNr, FirstTimestamp, LastTimestamp, Bytes);

    /// <summary>
    /// A page as a snapshot carries it, sealed: the events replayed after the snapshot may follow a gap of events that
    /// retention deleted since, so the page must not grow over them (a read of it would miss them, and their bytes would
    /// never come off the retained bytes); replayed messages start a page of their own.
    /// </summary>
    public static LogPage From(PageRange range) =>
        new(range.FirstOffset, range.LastOffset, range.FromSequenceNr, range.ToSequenceNr, range.FirstTimestamp, range.LastTimestamp, range.Bytes)
        {
            Sealed = true,
        };

    /// <summary>What a message weighs in memory, roughly: its bytes plus the objects that hold them.</summary>
    public static long Weight(TopicMessage message) =>
        message.Payload.Length + (message.Key?.Length ?? 0) * 2L + message.Headers.Count * 64L + 160;
}

/// <summary>A page of messages read back from the journal, in offset order.</summary>
internal sealed class LoadedPage
{
    private readonly IReadOnlyList<StoredMessage> _messages;

    public LoadedPage(long key, IReadOnlyList<StoredMessage> messages)
    {
        Key = key;
        _messages = messages;
        Bytes = messages.Sum(m => LogPage.Weight(m.Message));
    }

    public long Key { get; }
    public long Bytes { get; }
    public int Count => _messages.Count;

    /// <summary>The page's messages in offset order.</summary>
    public IReadOnlyList<StoredMessage> Messages => _messages;

    public StoredMessage? Get(long offset)
    {
        if (_messages.Count == 0) return null;
        var index = offset - _messages[0].Offset;
        if (index >= 0 && index < _messages.Count && _messages[(int)index].Offset == offset) return _messages[(int)index];
        var at = FirstAtOrAfter(m => m.Offset >= offset);
        return at < _messages.Count && _messages[at].Offset == offset ? _messages[at] : null;
    }

    /// <summary>The first message at or after <paramref name="offset"/> stamped at or after <paramref name="time"/>.</summary>
    public StoredMessage? FirstAtOrAfter(long offset, DateTimeOffset time)
    {
        var at = FirstAtOrAfter(m => m.Offset >= offset && m.Message.Timestamp >= time);
        return at < _messages.Count ? _messages[at] : null;
    }

    private int FirstAtOrAfter(Func<StoredMessage, bool> atOrAfter)
    {
        int lo = 0, hi = _messages.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (atOrAfter(_messages[mid])) hi = mid;
            else lo = mid + 1;
        }

        return lo;
    }
}
