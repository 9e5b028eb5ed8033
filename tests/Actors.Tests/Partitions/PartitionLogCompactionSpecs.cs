using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

/// <summary>
/// Compaction of a paged log (<see cref="PartitionLog"/>, <see cref="CompactionPass"/>): 100 keys written 200 times
/// each; a pass over the pages below the active part keeps the latest message of each key at its original offset (a
/// newer one in the active part supersedes the range's), keyless messages stay, tombstones delete their key and go
/// after their grace period; recovery replaying the superseded events and then the rewrite, or the rewrite alone after
/// the delete, or a snapshot, gives the same log; the journal events the rewrite superseded are the ones below every
/// page's first event.
/// </summary>
public sealed class PartitionLogCompactionSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(24);
    private const int Keys = 100;
    private const int Versions = 200;
    private const int PerEvent = 50;

    /// <summary>What the journal holds: each event's sequence number and content.</summary>
    private sealed class Journal
    {
        public SortedDictionary<long, object> Events { get; } = [];

        /// <summary>The messages of a page, as <see cref="PageReader"/> replays them.</summary>
        public List<StoredMessage> Read(LogPage page)
        {
            var messages = new List<StoredMessage>();
            foreach (var (_, e) in Events.Where(e => e.Key >= page.FromSequenceNr && e.Key <= page.ToSequenceNr))
            {
                if (e is MessagesCompacted c) messages.AddRange(c.Survivors.Where(s => s.Offset >= page.FirstOffset && s.Offset <= page.LastOffset));
                if (e is MessagesAppended a)
                    messages.AddRange(a.Messages.Select((m, i) => new StoredMessage(a.FirstOffset + i, m)).Where(s => s.Offset >= page.FirstOffset && s.Offset <= page.LastOffset));
            }

            return messages;
        }

        /// <summary>A new log replaying every event still there, in order.</summary>
        public PartitionLog Replay()
        {
            var log = NewLog();
            foreach (var (seq, e) in Events)
            {
                if (e is MessagesAppended a) log.Apply(a, seq);
                else if (e is MessagesCompacted c) log.ApplyCompaction(c, seq);
            }

            return log;
        }
    }

    /// <summary>A tail of about 30 messages of these, and a page per event of 50 (the active part: the newest page).</summary>
    private static PartitionLog NewLog() => new(tailBytes: 5000, pageBytes: 5000);

    private static TopicMessage Message(string? key, string value, DateTimeOffset at) =>
        new(key, System.Text.Encoding.UTF8.GetBytes(value), TopicMessage.NoHeaders, at);

    /// <summary>100 keys x 200 versions, the value "k{key}v{version}", written 50 messages an event.</summary>
    private static (PartitionLog Log, Journal Journal) Overwritten()
    {
        var log = NewLog();
        var journal = new Journal();
        var all = Enumerable.Range(0, Keys * Versions).Select(i => Message($"k{i % Keys}", $"k{i % Keys}v{i / Keys}", T0.AddMilliseconds(i))).ToList();
        for (var e = 0; e < all.Count / PerEvent; e++) Append(log, journal, all.Skip(e * PerEvent).Take(PerEvent).ToList());
        return (log, journal);
    }

    private static void Append(PartitionLog log, Journal journal, IReadOnlyList<TopicMessage> messages)
    {
        var seq = journal.Events.Count == 0 ? 1 : journal.Events.Keys.Max() + 1;
        var batch = new MessagesAppended(log.EndOffset, messages);
        journal.Events[seq] = batch;
        log.Apply(batch, seq);
    }

    /// <summary>One pass as the partition runs it: the compactable pages and the active ones read from the journal, then the rewrite journaled and taken.</summary>
    private static MessagesCompacted Compact(PartitionLog log, Journal journal, DateTimeOffset now)
    {
        var pages = log.CompactablePages();
        var pass = new CompactionPass(log.StartOffset, pages[^1].LastOffset, [.. pages, .. log.ActivePagesBelowTail(pages[^1])], log.TailKeys());
        foreach (var page in pass.Pages) pass.Feed(log.LoadedMessages(page) ?? journal.Read(page));
        var rewrite = pass.Result(now, Grace);
        var seq = journal.Events.Keys.Max() + 1;
        journal.Events[seq] = rewrite;
        log.ApplyCompaction(rewrite, seq);
        return rewrite;
    }

    /// <summary>Every message a reader finds from the start, reading pages from the journal where they are not in memory.</summary>
    private static List<StoredMessage> ReadAll(PartitionLog log, Journal journal)
    {
        var found = new List<StoredMessage>();
        for (var offset = log.StartOffset; offset < log.EndOffset; offset++)
        {
            var hit = log.Find(offset, out var message, out var page);
            if (hit == LogHit.Paged)
            {
                log.AddPage(page!.Key, journal.Read(page));
                hit = log.Find(offset, out message, out _);
            }

            Assert.NotEqual(LogHit.Paged, hit);
            if (message is not null) found.Add(message);
        }

        return found;
    }

    private static string Value(StoredMessage m) => System.Text.Encoding.UTF8.GetString(m.Message.Payload);

    /// <summary>What a reader must find after compaction: the latest of each key at its original offset, in offset order.</summary>
    private static List<(long Offset, string Value)> LatestPerKey(IEnumerable<StoredMessage> before) =>
        before.GroupBy(m => m.Message.Key).Select(g => g.MaxBy(m => m.Offset)!).OrderBy(m => m.Offset).Select(m => (m.Offset, Value(m))).ToList();

    [Fact]
    public void Should_keep_exactly_the_latest_message_per_key_at_its_original_offset()
    {
        // arrange
        var (log, journal) = Overwritten();
        var before = ReadAll(log, journal);
        Assert.True(log.CompactionDue(T0, 0.5, Grace));

        // act
        var rewrite = Compact(log, journal, T0);

        // assert: a reader from the start finds the latest value of each key only, at the offset it was written at
        Assert.Equal(LatestPerKey(before), ReadAll(log, journal).Select(m => (m.Offset, Value(m))));
        Assert.Equal((0L, (long)Keys * Versions), (log.StartOffset, log.EndOffset));
        Assert.Equal(rewrite.LastOffset + 1, log.CleanEnd);
        Assert.False(log.CompactionDue(T0, 0.5, Grace));
        Assert.Equal(ReadAll(log, journal).Sum(m => LogPage.Weight(m.Message)), log.RetainedBytes);
    }

    [Fact]
    public void Should_delete_a_key_with_a_tombstone_and_drop_the_tombstone_after_its_grace_period()
    {
        // arrange: keys 0..9 deleted, then 200 messages of other keys push the tombstones below the active part
        var (log, journal) = Overwritten();
        Append(log, journal, Enumerable.Range(0, 10).Select(k => Message($"k{k}", "", T0.AddMinutes(1))).ToList());
        for (var round = 0; round < 4; round++)
            Append(log, journal, Enumerable.Range(0, 50).Select(i => Message($"other{round * 50 + i}", "x", T0.AddMinutes(2))).ToList());

        // act: within the grace period, then after it
        Compact(log, journal, T0.AddMinutes(3));
        var within = ReadAll(log, journal);
        Assert.True(log.CompactionDue(T0.AddMinutes(1) + Grace + TimeSpan.FromSeconds(1), 0.5, Grace));
        Compact(log, journal, T0.AddMinutes(1) + Grace + TimeSpan.FromSeconds(1));
        var after = ReadAll(log, journal);

        // assert: first the tombstones stand for their keys (no older value of them), then they are gone too
        Assert.Equal(Enumerable.Range(0, 10).Select(k => ($"k{k}", "")), within.Where(m => m.Message.Key is ['k', _] or ['k', _, _] && int.Parse(m.Message.Key[1..]) < 10).Select(m => (m.Message.Key!, Value(m))));
        Assert.DoesNotContain(after, m => m.Message.Key is ['k', _]);
        Assert.Equal(90, after.Count(m => m.Message.Key!.StartsWith('k')));
        Assert.Null(log.OldestTombstone);
    }

    [Fact]
    public void Should_keep_messages_without_a_key()
    {
        // arrange
        var keyless = NewLog();
        var j = new Journal();
        for (var i = 0; i < 60; i++) Append(keyless, j, [Message(null, $"n{i}", T0), Message("same", $"s{i}", T0)]);

        // act
        Compact(keyless, j, T0);

        // assert: every keyless message is there still; of "same" none below the active part, which holds newer ones
        var found = ReadAll(keyless, j);
        Assert.Equal(60, found.Count(m => m.Message.Key is null));
        Assert.DoesNotContain(found, m => m.Message.Key == "same" && m.Offset < keyless.CleanEnd);
        Assert.True(keyless.CleanEnd > 0);
    }

    [Fact]
    public void Should_recover_the_compacted_log_whether_or_not_the_superseded_events_were_deleted()
    {
        // arrange
        var (log, journal) = Overwritten();
        Compact(log, journal, T0);
        var expected = ReadAll(log, journal).Select(m => (m.Offset, Value(m))).ToList();
        var superseded = log.SupersededSequenceNr();

        // act: killed after the rewrite, before the delete (every event replayed); and after the delete
        var beforeDelete = journal.Replay();
        foreach (var seq in journal.Events.Keys.Where(s => s <= superseded).ToList()) journal.Events.Remove(seq);
        var afterDelete = journal.Replay();

        // assert: the same log either way, and the delete took only events no page needs
        Assert.Equal(expected, ReadAll(beforeDelete, journal).Select(m => (m.Offset, Value(m))));
        Assert.Equal(expected, ReadAll(afterDelete, journal).Select(m => (m.Offset, Value(m))));
        Assert.Equal((log.StartOffset, log.EndOffset, log.CleanEnd), (afterDelete.StartOffset, afterDelete.EndOffset, afterDelete.CleanEnd));
        Assert.All(log.Pages(), p => Assert.True(p.FromSequenceNr > superseded));
    }

    [Fact]
    public void Should_restore_a_compacted_log_from_a_snapshot()
    {
        // arrange
        var (log, journal) = Overwritten();
        Compact(log, journal, T0);
        var expected = ReadAll(log, journal).Select(m => (m.Offset, Value(m))).ToList();
        var snapshot = new PartitionSnapshot(log.StartOffset, log.EndOffset, log.LastTimestamp, log.Pages(), new Dictionary<string, long>(), [], null,
            log.FirstPageDroppedBytes, log.CleanEnd, log.OldestTombstone);

        // act
        var restored = NewLog();
        restored.Restore(snapshot);

        // assert
        Assert.Equal(expected, ReadAll(restored, journal).Select(m => (m.Offset, Value(m))));
        Assert.Equal(log.CleanEnd, restored.CleanEnd);
    }

    [Fact]
    public void Should_compact_again_what_was_written_since_with_the_clean_part()
    {
        // arrange: a compacted log, then every key written 20 times more
        var (log, journal) = Overwritten();
        Compact(log, journal, T0);
        var more = Enumerable.Range(0, Keys * 20).Select(i => Message($"k{i % Keys}", $"k{i % Keys}v{Versions + i / Keys}", T0.AddSeconds(1).AddMilliseconds(i))).ToList();
        for (var e = 0; e < more.Count / PerEvent; e++) Append(log, journal, more.Skip(e * PerEvent).Take(PerEvent).ToList());
        var before = ReadAll(log, journal);

        // act
        Assert.True(log.CompactionDue(T0, 0.5, Grace));
        Compact(log, journal, T0);

        // assert
        Assert.Equal(LatestPerKey(before), ReadAll(log, journal).Select(m => (m.Offset, Value(m))));
        Assert.All(log.Pages(), p => Assert.True(p.FromSequenceNr > log.SupersededSequenceNr()));
    }
}
