using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// Compaction of a partition's log (<c>cleanup = compact</c>, like Kafka's <c>cleanup.policy=compact</c>). The active
/// part is the in-memory tail plus the newest page of the index: never compacted. Below it, whole pages (the journal's
/// events are deleted whole) are rewritten as one <see cref="MessagesCompacted"/>: the latest message of each key
/// there (unless a newer one of the key is in the tail), every message without a key, and the tombstones still in their
/// grace period, each at its original offset, so offsets stay stable and the log has gaps. <see cref="CleanEnd"/> is
/// where the last rewrite ended: below it the log is clean, above it dirty; a pass runs when the dirty part weighs at
/// least the configured share of all below the tail, or when a tombstone's grace is over.
/// </summary>
internal sealed partial class PartitionLog
{
    /// <summary>Offsets below this were compacted (0: never).</summary>
    public long CleanEnd { get; private set; }

    /// <summary>The timestamp of the oldest tombstone compaction kept (in its grace period), null when it kept none.</summary>
    public DateTimeOffset? OldestTombstone { get; private set; }

    /// <summary>
    /// The pages a compaction pass may rewrite now: whole pages from the start offset on, wholly below the tail, never
    /// the newest page of the index (writes may still extend it). Empty when there is nothing to compact.
    /// </summary>
    public IReadOnlyList<LogPage> CompactablePages()
    {
        var pages = new List<LogPage>();
        var tailStart = TailStart;
        for (var i = 0; i < _pages.Count - 1; i++)
        {
            var page = _pages[i];
            if (page.LastOffset < StartOffset) continue;
            if (page.LastOffset >= tailStart) break;
            pages.Add(page);
        }

        return pages;
    }

    /// <summary>
    /// Whether a pass is due: the compactable pages not yet compacted weigh at least <paramref name="minDirtyRatio"/> of all
    /// compactable pages (and something), or the oldest tombstone kept is past <paramref name="tombstoneGrace"/>.
    /// </summary>
    public bool CompactionDue(DateTimeOffset now, double minDirtyRatio, TimeSpan tombstoneGrace)
    {
        var pages = CompactablePages();
        if (pages.Count == 0) return false;
        long dirty = 0, all = 0;
        foreach (var page in pages)
        {
            all += page.Bytes;
            if (page.FirstOffset >= CleanEnd) dirty += page.Bytes;
        }

        if (dirty > 0 && dirty >= minDirtyRatio * all) return true;
        return OldestTombstone is { } oldest && now - oldest > tombstoneGrace;
    }

    /// <summary>
    /// The pages after <paramref name="last"/> (the last compactable page) that hold messages below the tail: not compacted
    /// (the active part), but a pass reads their keys, so the range keeps no message a newer one there supersedes.
    /// </summary>
    public IReadOnlyList<LogPage> ActivePagesBelowTail(LogPage last)
    {
        var pages = new List<LogPage>();
        var tailStart = TailStart;
        for (var at = _pages.BinarySearch(p => p.FirstOffset > last.FirstOffset); at < _pages.Count && _pages[at].FirstOffset < tailStart; at++)
            pages.Add(_pages[at]);
        return pages;
    }

    /// <summary>The keys of the messages in the tail: the range below it keeps no older message of them.</summary>
    public HashSet<string> TailKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _tail.Count; i++)
            if (_tail[i].Message.Key is { } key) keys.Add(key);
        return keys;
    }

    /// <summary>The messages of <paramref name="page"/> if it is in memory (read back), else null.</summary>
    public IReadOnlyList<StoredMessage>? LoadedMessages(LogPage page) => _cache.TryGet(page.Key, out var loaded) ? loaded.Messages : null;

    /// <summary>Whether <paramref name="page"/> is still in the index (retention or compaction did not take it meanwhile).</summary>
    public bool Holds(LogPage page) => IndexOf(page.Key) is { } at && ReferenceEquals(_pages[at], page);

    /// <summary>
    /// Takes a compaction rewrite written to the journal at <paramref name="sequenceNr"/> (or replayed): the pages whose
    /// offsets it covers go (a page recovery merged across its end keeps only its offsets after it), the tail loses what
    /// it holds of the range (recovery replays the events it supersedes first), and one sealed page for the survivors takes
    /// their place, in memory at once. Survivors below the start (retention moved on meanwhile) are left out.
    /// </summary>
    public void ApplyCompaction(MessagesCompacted compacted, long sequenceNr)
    {
        var survivors = compacted.Survivors.Where(s => s.Offset >= StartOffset).ToList();
        var firstRetainedGone = false;
        while (_pages.Count > 0 && _pages.First.FirstOffset <= compacted.LastOffset)
        {
            var page = _pages.First;
            if (page.LastOffset > compacted.LastOffset)
            {
                page.TrimBelow(compacted.LastOffset + 1);
                _cache.Remove(page.Key);
                break;
            }

            if (page.LastOffset >= StartOffset) firstRetainedGone = true;
            _cache.Remove(_pages.RemoveFirst().Key);
        }

        while (_tail.Count > 0 && _tail.First.Offset <= compacted.LastOffset) RemoveFromTail();
        if (compacted.FirstOffset > StartOffset) StartOffset = compacted.FirstOffset;
        if (EndOffset <= compacted.LastOffset) EndOffset = compacted.LastOffset + 1;
        if (firstRetainedGone) _firstPageDropped = 0;
        if (survivors.Count > 0)
        {
            var bytes = survivors.Sum(s => LogPage.Weight(s.Message));
            var page = new LogPage(compacted.FirstOffset, compacted.LastOffset, sequenceNr, sequenceNr,
                survivors.Min(s => s.Message.Timestamp), survivors.Max(s => s.Message.Timestamp), bytes) { Sealed = true };
            _pages.AddFirst(page);
            _cache.Add(new LoadedPage(page.Key, survivors));
            var last = survivors.Max(s => s.Message.Timestamp);
            if (last > LastTimestamp) LastTimestamp = last;
        }

        CleanEnd = Math.Max(CleanEnd, compacted.LastOffset + 1);
        OldestTombstone = survivors.Where(s => LogPage.IsTombstone(s.Message)).Select(s => (DateTimeOffset?)s.Message.Timestamp).Min();
        RecountRetainedBytes();
        FitBudget();
    }

    private void RecountRetainedBytes()
    {
        long bytes = 0;
        for (var i = 0; i < _pages.Count; i++)
            if (_pages[i].LastOffset >= StartOffset) bytes += _pages[i].Bytes;
        RetainedBytes = bytes - _firstPageDropped;
    }
}

/// <summary>
/// One compaction pass over whole pages (see <see cref="PartitionLog.CompactablePages"/>): it is fed their messages in
/// offset order, page by page as they are read from the journal, and keeps only the latest message of each key (a
/// key map as Kafka's cleaner keeps), the messages without a key, and no message of a key that the active part (the
/// tail, and the pages after the range below it, which the pass reads for their keys only) holds a newer one of. Tombstones older than the grace period go too: every older message of their key went with them, as a pass
/// always starts at the start offset. What it holds is the rewrite, so a pass costs memory in the size of the
/// compacted range (the latest value per key), not of the log.
/// </summary>
internal sealed class CompactionPass(long firstOffset, long lastOffset, IReadOnlyList<LogPage> pages, HashSet<string> laterKeys)
{
    private readonly Dictionary<string, StoredMessage> _latest = new(StringComparer.Ordinal);
    private readonly List<StoredMessage> _keyless = [];

    public long FirstOffset { get; } = firstOffset;
    public long LastOffset { get; } = lastOffset;
    public IReadOnlyList<LogPage> Pages { get; } = pages;

    /// <summary>The index in <see cref="Pages"/> of the next page to feed.</summary>
    public int Next { get; private set; }

    /// <summary>Messages read so far (to log what a pass did).</summary>
    public long Read { get; private set; }

    /// <summary>Takes the messages of the next page.</summary>
    public void Feed(IReadOnlyList<StoredMessage> messages)
    {
        foreach (var stored in messages)
        {
            if (stored.Offset > LastOffset)
            {
                if (stored.Message.Key is { } later) laterKeys.Add(later);
                continue;
            }

            if (stored.Offset < FirstOffset) continue;
            Read++;
            if (stored.Message.Key is not { } key) _keyless.Add(stored);
            else if (!_latest.TryGetValue(key, out var known) || known.Offset < stored.Offset) _latest[key] = stored;
        }

        Next++;
    }

    /// <summary>Skips the next page (retention took it meanwhile).</summary>
    public void Skip() => Next++;

    /// <summary>The rewrite: what survives, in offset order.</summary>
    public MessagesCompacted Result(DateTimeOffset now, TimeSpan tombstoneGrace)
    {
        var survivors = _keyless
            .Concat(_latest.Values.Where(s => !laterKeys.Contains(s.Message.Key!) && !(LogPage.IsTombstone(s.Message) && now - s.Message.Timestamp > tombstoneGrace)))
            .OrderBy(s => s.Offset)
            .ToList();
        return new MessagesCompacted(FirstOffset, LastOffset, survivors);
    }
}
