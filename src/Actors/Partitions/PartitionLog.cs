using Actors.Topics;

namespace Actors.Partitions;

/// <summary>Where a message of the log is: in memory, nowhere (a gap, or outside the retained offsets), or in a page still to read.</summary>
internal enum LogHit
{
    Found,
    Absent,
    Paged,
}

/// <summary>
/// A partition's retained messages in offset order, with retention by age, count and bytes. Offsets run from
/// <see cref="StartOffset"/> (first retained) to <see cref="EndOffset"/> (the next to be assigned); both, the count
/// and <see cref="LastTimestamp"/> are exact whatever is in memory. In memory are only the newest messages (the tail,
/// bounded in bytes) and the pages of older ones read back from the journal lately (<see cref="PageCache"/>); a
/// sparse index (<see cref="LogPage"/>, one entry per page of journal events) says which journal events hold which
/// offsets, so an older message is read back with one replay, and retention deletes the events that hold only
/// expired messages. <see cref="RetainedBytes"/> is what the retained messages weigh, paged-out ones included (the index
/// knows each page's bytes; of the first page, cut into by retention, the part below the start is known when it went
/// from memory, or once the page is read). Retention is one pass over <see cref="RetentionLimits"/>, one step per bound
/// (<see cref="ExpiredByAge"/>, count, <see cref="DropOverBytes"/>), each only moving the start through <see cref="MoveStart"/>:
/// compaction (<c>PartitionLog.Compaction.cs</c>) rewrites the range below the tail instead. What it holds in memory also counts against the node's <see cref="CacheBudget"/>.
/// </summary>
internal sealed partial class PartitionLog(long tailBytes = PartitionLog.DefaultTailBytes, long pageBytes = PartitionLog.DefaultPageBytes,
    long pageCacheBytes = PartitionLog.DefaultPageCacheBytes, CacheBudget? budget = null)
{
    public const long DefaultTailBytes = 16 * 1024 * 1024;
    public const long DefaultPageBytes = 256 * 1024;
    public const long DefaultPageCacheBytes = 4 * 1024 * 1024;

    private readonly RingBuffer<StoredMessage> _tail = new();
    private readonly RingBuffer<LogPage> _pages = new();
    private readonly PageCache _cache = new(pageCacheBytes);
    private readonly CacheBudget _budget = budget ?? CacheBudget.Unbounded();

    // Bytes of the retained messages' part of the first retained page (the one holding StartOffset) that is already
    // below StartOffset and known (its messages were in memory when they went); the rest of them still count.
    private long _firstPageDropped;


    /// <summary>Pages kept over the tail when the node is over its budget: the one a group reads and the one read ahead.</summary>
    private const int KeptPages = 2;

    /// <summary>The bytes this log has told the budget it holds.</summary>
    private long _accounted;

    public PartitionLog(TopicsSettings settings, CacheBudget budget) : this(settings.CacheBytes, settings.PageBytes, settings.PageCacheBytes, budget)
    {
    }

    public long StartOffset { get; private set; }
    public long EndOffset { get; private set; }

    /// <summary>Offsets retained (a gap left by a rejected write counts too).</summary>
    public long Count => EndOffset - StartOffset;

    /// <summary>The latest timestamp among the messages applied (also those since removed by retention); new ones must not precede it.</summary>
    public DateTimeOffset LastTimestamp { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>The first offset held in the tail (<see cref="EndOffset"/> when it is empty).</summary>
    public long TailStart => _tail.Count > 0 ? _tail.First.Offset : EndOffset;

    /// <summary>
    /// What the retained messages weigh (<see cref="LogPage.Weight"/>), also those only in the journal: retention by bytes
    /// bounds this. Exact, except that messages of a page that count retention cut into while it was not in memory
    /// still count until the page goes or is read (never less than the truth, so the bound holds).
    /// </summary>
    public long RetainedBytes { get; private set; }

    /// <summary>What of the first retained page is below <see cref="StartOffset"/> and no longer counted (a snapshot carries it).</summary>
    public long FirstPageDroppedBytes => _firstPageDropped;

    /// <summary>The page retention by bytes must read to know how many of its messages to delete (null when none).</summary>
    public LogPage? RetentionNeeds { get; private set; }

    public int TailCount => _tail.Count;
    public long TailBytes { get; private set; }
    public int PageCount => _pages.Count;
    public int CachedPages => _cache.Count;
    public long CachedBytes => _cache.Bytes;

    /// <summary>Adds the batch's new messages (those at or after <see cref="EndOffset"/>); returns their weight in bytes.</summary>
    public long Apply(MessagesAppended batch, long sequenceNr)
    {
        var offset = batch.FirstOffset;
        long firstNew = -1, lastNew = -1, bytes = 0;
        DateTimeOffset first = default, last = default;
        foreach (var message in batch.Messages)
        {
            // Offsets below EndOffset are already known (a replayed batch from before a checkpoint or snapshot).
            if (offset >= EndOffset)
            {
                var weight = LogPage.Weight(message);
                AddToTail(new StoredMessage(offset, message), weight);
                if (message.Timestamp > LastTimestamp) LastTimestamp = message.Timestamp;
                if (firstNew < 0) (firstNew, first) = (offset, message.Timestamp);
                (lastNew, last) = (offset, message.Timestamp);
                bytes += weight;
                RetainedBytes += weight;
                EndOffset = offset + 1;
            }

            offset++;
        }

        FitBudget();
        if (firstNew < 0) return 0;
        var newest = _pages.Count > 0 ? _pages[_pages.Count - 1] : null;
        if (newest is { Sealed: false } && newest.Bytes < pageBytes) newest.Extend(lastNew, sequenceNr, last, bytes);
        else _pages.Add(new LogPage(firstNew, lastNew, sequenceNr, sequenceNr, first, last, bytes));
        return bytes;
    }

    /// <summary>Restores offsets from a checkpoint: messages before its start are gone for good.</summary>
    public void Apply(PartitionCheckpoint checkpoint)
    {
        EndOffset = Math.Max(EndOffset, checkpoint.EndOffset);
        MoveStart(checkpoint.StartOffset);
    }

    /// <summary>Restores offsets and index from a snapshot (recovery, before the events after it are replayed).</summary>
    public void Restore(PartitionSnapshot snapshot)
    {
        while (_tail.Count > 0) _tail.RemoveFirst();
        while (_pages.Count > 0) _cache.Remove(_pages.RemoveFirst().Key);
        TailBytes = 0;
        StartOffset = snapshot.StartOffset;
        EndOffset = snapshot.EndOffset;
        LastTimestamp = snapshot.LastTimestamp;
        foreach (var page in snapshot.Pages) _pages.Add(LogPage.From(page));
        // A snapshot from before retention by bytes has no dropped part of the first page: it counts whole until it goes or is read.
        _firstPageDropped = snapshot.FirstPageDroppedBytes;
        RetainedBytes = snapshot.Pages.Where(p => p.LastOffset >= StartOffset).Sum(p => p.Bytes) - _firstPageDropped;
        CleanEnd = snapshot.CleanEnd;
        OldestTombstone = snapshot.OldestTombstone;
        Account();
    }

    /// <summary>The index as a snapshot carries it.</summary>
    public IReadOnlyList<PageRange> Pages()
    {
        var pages = new List<PageRange>(_pages.Count);
        for (var i = 0; i < _pages.Count; i++) pages.Add(_pages[i].ToRange());
        return pages;
    }

    /// <summary>The message at <paramref name="offset"/> if it is in memory (null also when it is only in the journal).</summary>
    public StoredMessage? Get(long offset) => Find(offset, out var message, out _) == LogHit.Found ? message : null;

    /// <summary>
    /// Where the message at <paramref name="offset"/> is: <see cref="LogHit.Found"/> with it, <see cref="LogHit.Absent"/>
    /// (a gap, or outside the retained offsets), or <see cref="LogHit.Paged"/> with the page of the journal to read first.
    /// </summary>
    public LogHit Find(long offset, out StoredMessage? message, out LogPage? page)
    {
        message = null;
        page = null;
        if (offset < StartOffset || offset >= EndOffset) return LogHit.Absent;
        if (_tail.Count > 0 && offset >= _tail.First.Offset)
        {
            message = FromTail(offset);
            return message is null ? LogHit.Absent : LogHit.Found;
        }

        page = PageOf(offset);
        if (page is null) return LogHit.Absent;
        if (!_cache.TryGet(page.Key, out var loaded)) return LogHit.Paged;
        message = loaded.Get(offset);
        return message is null ? LogHit.Absent : LogHit.Found;
    }

    /// <summary>The page after <paramref name="page"/> if it is below the tail and not in memory (to read ahead), else null.</summary>
    public LogPage? NextPaged(LogPage page)
    {
        var at = _pages.BinarySearch(p => p.FirstOffset > page.FirstOffset);
        if (at >= _pages.Count) return null;
        var next = _pages[at];
        return next.FirstOffset < TailStart && !_cache.Contains(next.Key) ? next : null;
    }

    /// <summary>Takes a page read back from the journal (ignored when retention dropped it meanwhile).</summary>
    public void AddPage(long key, IReadOnlyList<StoredMessage> messages)
    {
        // Keys follow offsets except for a compacted range, whose rewrite came after the pages behind it: looked up one by one.
        if (IndexOf(key) is not { } at) return;
        var page = _pages[at];
        _cache.Add(new LoadedPage(key, messages));
        if (page.FirstOffset < StartOffset && page.LastOffset >= StartOffset)
        {
            // The first retained page, cut into: now its part below the start is known exactly.
            var dropped = messages.Where(m => m.Offset < StartOffset).Sum(m => LogPage.Weight(m.Message));
            RetainedBytes -= dropped - _firstPageDropped;
            _firstPageDropped = dropped;
        }

        if (RetentionNeeds?.Key == key) RetentionNeeds = null;
        FitBudget();
    }

    /// <summary>
    /// While the node is over its bound, gives back what this log holds beyond its share: pages read back first (least
    /// recently used first) down to the two a reader works on (the page it delivers from and the one read ahead), then
    /// the oldest of the tail (never its last message), then the page read ahead. Then tells the budget what it holds.
    /// </summary>
    public void FitBudget()
    {
        Account();
        var excess = _budget.Excess;
        if (excess > 0)
        {
            var share = _budget.Share;
            var held = TailBytes + _cache.Bytes;
            while (excess > 0 && held > share)
            {
                if (_cache.Count > KeptPages) _cache.RemoveLeastRecent();
                else if (_tail.Count > 1) RemoveFromTail();
                else if (_cache.Count > 1) _cache.RemoveLeastRecent();
                else break;
                var now = TailBytes + _cache.Bytes;
                excess -= held - now;
                held = now;
            }
        }

        Account();
    }

    /// <summary>Gives everything back to the node's budget: the partition stops, and this log with it.</summary>
    public void Release()
    {
        _budget.Change(_accounted, 0);
        _accounted = 0;
    }

    /// <summary>The first offset whose message was stamped at or after <paramref name="time"/> (EndOffset if none), when that is in memory.</summary>
    public long FirstOffsetAtOrAfter(DateTimeOffset time) => FindAtOrAfter(time, out var offset, out _) == LogHit.Found ? offset : EndOffset;

    /// <summary>
    /// The first offset whose message was stamped at or after <paramref name="time"/> (<see cref="EndOffset"/> if none):
    /// <see cref="LogHit.Found"/>, or <see cref="LogHit.Paged"/> with the page to read first. The index bisects to the
    /// page by timestamp (timestamps never go back in a partition), the page to the message.
    /// </summary>
    public LogHit FindAtOrAfter(DateTimeOffset time, out long offset, out LogPage? page)
    {
        page = null;
        offset = EndOffset;
        if (_tail.Count == 0) return LogHit.Found;
        if (_tail.First.Message.Timestamp >= time)
        {
            // Older messages below the tail may be stamped at or after the time too: the first page that is.
            var start = StartOffset;
            var at = _pages.BinarySearch(p => p.LastOffset >= start && p.LastTimestamp >= time);
            if (at < _pages.Count && _pages[at].FirstOffset < _tail.First.Offset)
            {
                page = _pages[at];
                if (!_cache.TryGet(page.Key, out var loaded)) return LogHit.Paged;
                offset = loaded.FirstAtOrAfter(StartOffset, time)?.Offset ?? Math.Min(page.LastOffset + 1, EndOffset);
                return LogHit.Found;
            }

            offset = _tail.First.Offset;
            return LogHit.Found;
        }

        var index = _tail.BinarySearch(m => m.Message.Timestamp >= time);
        offset = index < _tail.Count ? _tail[index].Offset : EndOffset;
        return LogHit.Found;
    }

    /// <summary>
    /// Deletes what <paramref name="limits"/> no longer allow, oldest first; returns how many offsets went. By age
    /// (never held back by <see cref="RetentionLimits.Floor"/>): below the tail a page goes as a whole once its newest
    /// message is too old (as Kafka drops whole segments), in the tail message by message. By count: down to the last
    /// <see cref="RetentionLimits.MaxMessages"/> offsets. By bytes: whole messages, oldest first, until what is left
    /// weighs at most <see cref="RetentionLimits.MaxBytes"/>. Count and bytes stop at the floor (reject-publish keeps what
    /// a group has still to read). A page only in the journal goes whole when all of it must; when the bound falls
    /// inside it, <see cref="RetentionNeeds"/> names it: read it, then apply retention again to finish.
    /// </summary>
    public long ApplyRetention(DateTimeOffset now, RetentionLimits limits)
    {
        var before = StartOffset;
        MoveStart(ExpiredByAge(now, limits.MaxAge));
        if (EndOffset - StartOffset > limits.MaxMessages) MoveStart(Math.Min(EndOffset - limits.MaxMessages, limits.Floor));
        DropOverBytes(limits.MaxBytes, limits.Floor);
        return StartOffset - before;
    }

    /// <summary>The retention by age and count as before retention by bytes existed (no floor).</summary>
    public long ApplyRetention(DateTimeOffset now, TimeSpan maxAge, long maxCount) =>
        ApplyRetention(now, new RetentionLimits(maxAge, maxCount, TopicSpec.UnlimitedBytes, long.MaxValue));

    /// <summary>Whether <paramref name="count"/> more messages weighing <paramref name="weight"/> in all fit under the count and bytes bounds, besides those on their way to the journal.</summary>
    public bool Fits(RetentionLimits limits, long pendingCount, long pendingBytes, long count, long weight) =>
        (limits.MaxMessages == TopicSpec.UnlimitedMessages || Count + pendingCount + count <= limits.MaxMessages)
        && (limits.MaxBytes == TopicSpec.UnlimitedBytes || RetainedBytes + pendingBytes + weight <= limits.MaxBytes);

    /// <summary>The first offset not yet too old: whole pages below the tail, then message by message in the tail.</summary>
    private long ExpiredByAge(DateTimeOffset now, TimeSpan maxAge)
    {
        var start = StartOffset;
        LogPage? oldest = null;
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            if (page.LastOffset < start) continue;
            if (now - page.LastTimestamp <= maxAge)
            {
                oldest = page;
                break;
            }

            start = page.LastOffset + 1;
        }

        // Message by message only where no retained message is below the tail.
        var exact = _tail.Count > 0 && (start >= _tail.First.Offset || oldest is null || oldest.FirstOffset >= _tail.First.Offset);
        if (exact)
        {
            var at = _tail.BinarySearch(m => m.Offset >= start && now - m.Message.Timestamp <= maxAge);
            start = at < _tail.Count ? _tail[at].Offset : EndOffset;
        }

        if (_tail.Count == 0 && oldest is null) start = Math.Max(start, EndOffset);
        return Math.Min(start, EndOffset);
    }

    /// <summary>Retention by bytes: whole oldest messages until the rest weighs at most <paramref name="maxBytes"/>, not past <paramref name="floor"/>.</summary>
    private void DropOverBytes(long maxBytes, long floor)
    {
        RetentionNeeds = null;
        while (RetainedBytes > maxBytes && StartOffset < Math.Min(floor, EndOffset))
        {
            // In memory (or a gap, which weighs nothing): it goes alone.
            if (Find(StartOffset, out _, out var page) != LogHit.Paged)
            {
                MoveStart(StartOffset + 1);
                continue;
            }

            // Only in the journal: if the tail alone is too much, all below it goes (its bytes are known from the tail).
            if (TailBytes > maxBytes && TailStart <= floor && TailStart > StartOffset)
            {
                MoveStart(TailStart);
                continue;
            }

            // The page goes whole when even without it the rest is too much; else read it first.
            if (RetainedBytes - (page!.Bytes - _firstPageDropped) > maxBytes && page.LastOffset < floor)
            {
                MoveStart(page.LastOffset + 1);
                continue;
            }

            RetentionNeeds = page;
            return;
        }
    }

    /// <summary>
    /// Moves <see cref="StartOffset"/> up to <paramref name="start"/>, taking what goes off <see cref="RetainedBytes"/>:
    /// a whole page at once, the part of a page cut into message by message where they are in memory.
    /// </summary>
    private void MoveStart(long start)
    {
        start = Math.Min(start, EndOffset);
        if (start <= StartOffset) return;
        for (var at = _pages.BinarySearch(p => p.LastOffset >= StartOffset); at < _pages.Count && _pages[at].FirstOffset < start; at++)
        {
            var page = _pages[at];
            if (page.LastOffset < start)
            {
                RetainedBytes -= page.Bytes - _firstPageDropped;
                _firstPageDropped = 0;
                continue;
            }

            if (start >= TailStart)
            {
                // What of the page stays is all in the tail: what went is the rest, exactly, wherever it was.
                var kept = 0L;
                for (var i = _tail.BinarySearch(m => m.Offset >= start); i < _tail.Count && _tail[i].Offset <= page.LastOffset; i++)
                    kept += LogPage.Weight(_tail[i].Message);
                RetainedBytes -= page.Bytes - kept - _firstPageDropped;
                _firstPageDropped = page.Bytes - kept;
                continue;
            }

            for (var offset = Math.Max(StartOffset, page.FirstOffset); offset < start; offset++)
            {
                if (Find(offset, out var message, out _) != LogHit.Found) continue;
                var weight = LogPage.Weight(message!.Message);
                RetainedBytes -= weight;
                _firstPageDropped += weight;
            }
        }

        StartOffset = start;
        DropTailBelowStart();
        Account();
    }

    /// <summary>
    /// The highest journal sequence number whose pages hold only messages before <see cref="StartOffset"/>;
    /// those pages are forgotten here, so the caller must delete them from the journal.
    /// </summary>
    public long TakeDeletableSequenceNr()
    {
        long deletable = 0;
        while (_pages.Count > 0 && _pages.First.LastOffset < StartOffset)
        {
            var page = _pages.RemoveFirst();
            _cache.Remove(page.Key);
            deletable = Math.Max(deletable, page.ToSequenceNr);
        }

        Account();
        // A compacted range's events come after those of the pages behind it: never past the first event a page still needs.
        return deletable == 0 ? 0 : Math.Min(deletable, SupersededSequenceNr());
    }

    /// <summary>The highest journal sequence number below every page's events (all of the journal when there is none).</summary>
    public long SupersededSequenceNr()
    {
        var lowest = long.MaxValue;
        for (var i = 0; i < _pages.Count; i++) lowest = Math.Min(lowest, _pages[i].Key);
        return lowest - 1;
    }

    private int? IndexOf(long key)
    {
        for (var i = 0; i < _pages.Count; i++)
            if (_pages[i].Key == key) return i;
        return null;
    }

    private void Account()
    {
        var held = TailBytes + _cache.Bytes;
        _budget.Change(_accounted, held);
        _accounted = held;
    }

    private void AddToTail(StoredMessage message, long weight)
    {
        _tail.Add(message);
        TailBytes += weight;
        while (TailBytes > tailBytes && _tail.Count > 1) RemoveFromTail();
    }

    private StoredMessage RemoveFromTail()
    {
        var removed = _tail.RemoveFirst();
        TailBytes -= LogPage.Weight(removed.Message);
        return removed;
    }

    private void DropTailBelowStart()
    {
        while (_tail.Count > 0 && _tail.First.Offset < StartOffset) RemoveFromTail();
    }

    private StoredMessage? FromTail(long offset)
    {
        // Offsets in the tail are consecutive unless a rejected write left a gap: index first, bisect if that misses.
        var index = offset - _tail.First.Offset;
        if (index < _tail.Count && _tail[(int)index].Offset == offset) return _tail[(int)index];
        var at = _tail.BinarySearch(m => m.Offset >= offset);
        return at < _tail.Count && _tail[at].Offset == offset ? _tail[at] : null;
    }

    /// <summary>The index entry whose offsets cover <paramref name="offset"/>, null for a gap.</summary>
    private LogPage? PageOf(long offset)
    {
        var at = _pages.BinarySearch(p => p.LastOffset >= offset);
        return at < _pages.Count && _pages[at].FirstOffset <= offset ? _pages[at] : null;
    }
}

/// <summary>
/// What a partition's retention allows (see <see cref="PartitionLog.ApplyRetention(DateTimeOffset, RetentionLimits)"/>):
/// messages no older than <paramref name="MaxAge"/>, at most <paramref name="MaxMessages"/> offsets and
/// <paramref name="MaxBytes"/> bytes; count and bytes delete nothing at or past <paramref name="Floor"/>
/// (<see cref="long.MaxValue"/> for drop-oldest; the lowest group commit for reject-publish).
/// </summary>
internal readonly record struct RetentionLimits(TimeSpan MaxAge, long MaxMessages, long MaxBytes, long Floor)
{
    public static RetentionLimits Of(TopicSpec spec, long floor = long.MaxValue) => new(spec.RetentionAge, spec.RetentionMessages, spec.RetentionBytes, floor);
}
