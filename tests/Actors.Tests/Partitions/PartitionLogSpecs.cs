using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

public sealed class PartitionLogSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Twenty messages of the specs' weight (100 bytes of payload, a 4-character key, the objects: 268 bytes).</summary>
    private const long PageBytes = 20 * 268;

    private static MessagesAppended Batch(long first, int count, DateTimeOffset at, int payload = 0) =>
        new(first, Enumerable.Range(0, count).Select(i => Message(first + i, at, payload)).ToList());

    private static TopicMessage Message(long offset, DateTimeOffset at, int payload) => new($"k{offset:D3}", new byte[payload], TopicMessage.NoHeaders, at);

    [Fact]
    public void Should_keep_offsets_across_batches_and_find_messages_by_offset()
    {
        var log = new PartitionLog();
        log.Apply(Batch(0, 3, T0), 1);
        log.Apply(Batch(3, 2, T0), 2);

        Assert.Equal(0, log.StartOffset);
        Assert.Equal(5, log.EndOffset);
        Assert.Equal("k004", log.Get(4)!.Message.Key);
        Assert.Null(log.Get(5));
    }

    [Fact]
    public void Should_apply_retention_by_count_and_age_and_tell_which_journal_events_can_go()
    {
        // one page per write batch, so each batch's event can go on its own
        var log = new PartitionLog(pageBytes: 1);
        log.Apply(Batch(0, 3, T0), 1);
        log.Apply(Batch(3, 3, T0 + TimeSpan.FromHours(2)), 2);

        Assert.Equal(3, log.ApplyRetention(T0 + TimeSpan.FromHours(2), TimeSpan.FromHours(1), maxCount: 100));
        Assert.Equal(3, log.StartOffset);
        Assert.Equal(1, log.TakeDeletableSequenceNr());

        Assert.Equal(1, log.ApplyRetention(T0 + TimeSpan.FromHours(2), TimeSpan.FromHours(1), maxCount: 2));
        Assert.Equal(4, log.StartOffset);
        Assert.Equal(0, log.TakeDeletableSequenceNr());
    }

    [Fact]
    public void Should_find_the_first_offset_at_or_after_a_time()
    {
        var log = new PartitionLog();
        log.Apply(Batch(0, 2, T0), 1);
        log.Apply(Batch(2, 2, T0 + TimeSpan.FromMinutes(1)), 2);

        Assert.Equal(2, log.FirstOffsetAtOrAfter(T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal(0, log.FirstOffsetAtOrAfter(T0));
        Assert.Equal(4, log.FirstOffsetAtOrAfter(T0 + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Should_keep_the_tail_within_its_bytes_and_the_offsets_exact()
    {
        // arrange: 100-byte payloads, a tail of 1 KiB
        var log = new PartitionLog(tailBytes: 1024, pageBytes: PageBytes);
        for (var i = 0; i < 50; i++) log.Apply(Batch(i * 10, 10, T0.AddSeconds(i), payload: 100), i + 1);

        // assert: the tail holds only the newest, within its bound; offsets and the last timestamp stay exact
        Assert.True(log.TailBytes <= 1024, $"tail holds {log.TailBytes} bytes");
        Assert.InRange(log.TailCount, 1, 10);
        Assert.Equal((0L, 500L, 500L), (log.StartOffset, log.EndOffset, log.Count));
        Assert.Equal(500 - log.TailCount, log.TailStart);
        Assert.Equal(T0.AddSeconds(49), log.LastTimestamp);
        Assert.Equal("k499", log.Get(499)!.Message.Key);
    }

    [Fact]
    public void Should_index_the_journal_in_pages_and_find_an_old_message_once_its_page_is_loaded()
    {
        // arrange: pages of 20 messages (one per write batch), a tail of 1 KiB
        var log = new PartitionLog(tailBytes: 1024, pageBytes: PageBytes);
        for (var i = 0; i < 100; i++) log.Apply(Batch(i, 1, T0.AddSeconds(i), payload: 100), i + 1);

        // act
        var hit = log.Find(3, out var message, out var page);

        // assert: offset 3 is in the first page, which holds journal events 1..20 and offsets 0..19
        Assert.Equal(LogHit.Paged, hit);
        Assert.Null(message);
        Assert.Equal((0L, 19L, 1L, 20L), (page!.FirstOffset, page.LastOffset, page.FromSequenceNr, page.ToSequenceNr));
        Assert.Equal(5, log.PageCount);
        Assert.Equal(LogHit.Absent, log.Find(100, out _, out _));
        Assert.Equal(LogHit.Found, log.Find(99, out _, out _));

        // act: the page is read back (as a PageReader would) and looked up again
        log.AddPage(page.Key, Enumerable.Range(0, 20).Select(o => new StoredMessage(o, Message(o, T0.AddSeconds(o), 100))).ToList());

        // assert
        Assert.Equal(LogHit.Found, log.Find(3, out message, out _));
        Assert.Equal("k003", message!.Message.Key);
        Assert.Equal(20, log.NextPaged(page)!.FirstOffset);
    }

    [Fact]
    public void Should_find_a_time_below_the_tail_through_the_index_and_its_page()
    {
        var log = new PartitionLog(tailBytes: 1024, pageBytes: PageBytes);
        for (var i = 0; i < 100; i++) log.Apply(Batch(i, 1, T0.AddSeconds(i), payload: 100), i + 1);

        Assert.Equal(LogHit.Paged, log.FindAtOrAfter(T0.AddSeconds(25.5), out _, out var page));
        Assert.Equal(20, page!.FirstOffset);
        log.AddPage(page.Key, Enumerable.Range(20, 20).Select(o => new StoredMessage(o, Message(o, T0.AddSeconds(o), 100))).ToList());
        Assert.Equal(LogHit.Found, log.FindAtOrAfter(T0.AddSeconds(25.5), out var offset, out _));
        Assert.Equal(26, offset);
        Assert.Equal(LogHit.Found, log.FindAtOrAfter(T0.AddSeconds(99), out offset, out _));
        Assert.Equal(99, offset);
        Assert.Equal(LogHit.Found, log.FindAtOrAfter(T0.AddHours(1), out offset, out _));
        Assert.Equal(100, offset);
    }

    [Fact]
    public void Should_restore_offsets_and_index_from_a_snapshot_and_go_on_from_there()
    {
        // arrange
        var log = new PartitionLog(tailBytes: 1024, pageBytes: PageBytes);
        for (var i = 0; i < 100; i++) log.Apply(Batch(i, 1, T0.AddSeconds(i), payload: 100), i + 1);
        var snapshot = new PartitionSnapshot(log.StartOffset, log.EndOffset, log.LastTimestamp, log.Pages(), new Dictionary<string, long>(), []);

        // act
        var recovered = new PartitionLog(tailBytes: 1024, pageBytes: PageBytes);
        recovered.Restore(snapshot);
        recovered.Apply(Batch(100, 1, T0.AddSeconds(100), payload: 100), 101);

        // assert: all but the new message is in the journal's pages, found through the restored index
        Assert.Equal((0L, 101L, T0.AddSeconds(100)), (recovered.StartOffset, recovered.EndOffset, recovered.LastTimestamp));
        Assert.Equal(LogHit.Paged, recovered.Find(50, out _, out var page));
        Assert.Equal((40L, 59L, 41L), (page!.FirstOffset, page.LastOffset, page.FromSequenceNr));
        Assert.Equal(LogHit.Found, recovered.Find(100, out _, out _));
    }

    [Fact]
    public void Should_drop_messages_before_a_recovered_checkpoint()
    {
        var log = new PartitionLog();
        log.Apply(Batch(0, 4, T0), 1);
        log.Apply(new PartitionCheckpoint(StartOffset: 3, EndOffset: 4, new Dictionary<string, long>(), []));

        Assert.Equal(3, log.StartOffset);
        Assert.Equal(4, log.EndOffset);
    }

    [Fact]
    public void Should_keep_the_node_within_its_budget_by_trimming_each_busy_partition_to_its_share()
    {
        // arrange: two partitions under one node-wide bound of 40 messages' weight; each could keep 1,000 on its own
        var budget = new CacheBudget(40 * 268);
        var first = new PartitionLog(tailBytes: 1000 * 268, budget: budget);
        var second = new PartitionLog(tailBytes: 1000 * 268, budget: budget);

        // act: the first fills alone, then the second
        for (var i = 0; i < 100; i++) first.Apply(Batch(i, 1, T0, payload: 100), i + 1);
        var alone = first.TailCount;
        for (var i = 0; i < 100; i++) second.Apply(Batch(i, 1, T0, payload: 100), i + 1);
        first.FitBudget(); // the idle partition's retention check

        // assert: alone, the first kept the whole bound; together each keeps its half, and every offset is still known
        Assert.Equal(40, alone);
        Assert.Equal((20, 20), (first.TailCount, second.TailCount));
        Assert.Equal(40 * 268, budget.Bytes);
        Assert.Equal((0L, 100L), (second.StartOffset, second.EndOffset));
        Assert.Equal(LogHit.Paged, second.Find(10, out _, out _));
    }

    [Fact]
    public void Should_give_back_its_bytes_to_the_budget_when_released()
    {
        var budget = new CacheBudget(1 << 20);
        var log = new PartitionLog(budget: budget);
        log.Apply(Batch(0, 10, T0, payload: 100), 1);

        log.Release();

        Assert.Equal((0L, 0), (budget.Bytes, budget.Holders));
    }
}
