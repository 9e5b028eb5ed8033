using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

/// <summary>
/// Retention by bytes on a paged log (<see cref="PartitionLog"/>): the bytes of every retained message are known, also
/// of those only in the journal; whole pages go without being read, the page the bound falls in is read first and then
/// cut message by message; a floor (reject-publish: what every group committed) holds count and bytes back but not age;
/// a snapshot carries what keeps the bytes exact.
/// </summary>
public sealed class PartitionLogRetentionSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A message of 100 payload bytes and a 4-character key weighs 268 bytes; 20 of them make a page.</summary>
    private const long Weight = 268;

    private const long PageBytes = 20 * Weight;

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static TopicMessage Message(long offset, DateTimeOffset at) => new($"k{offset:D3}", new byte[100], TopicMessage.NoHeaders, at);

    /// <summary>100 messages written one per journal event, a tail of the newest 5: pages of offsets 0..19, 20..39, and so on.</summary>
    private static PartitionLog Paged()
    {
        var log = new PartitionLog(tailBytes: 5 * Weight + 100, pageBytes: PageBytes);
        for (var i = 0; i < 100; i++) log.Apply(new MessagesAppended(i, [Message(i, T0.AddSeconds(i))]), i + 1);
        return log;
    }

    private static IReadOnlyList<StoredMessage> PageOf(LogPage page) =>
        Enumerable.Range((int)page.FirstOffset, (int)(page.LastOffset - page.FirstOffset + 1)).Select(o => new StoredMessage(o, Message(o, T0.AddSeconds(o)))).ToList();

    private static RetentionLimits Bytes(long maxBytes, long floor = long.MaxValue) => new(Week, TopicSpec.UnlimitedMessages, maxBytes, floor);

    [Fact]
    public void Should_count_the_bytes_of_every_retained_message_also_those_only_in_the_journal()
    {
        var log = Paged();

        Assert.Equal(100 * Weight, log.RetainedBytes);
        Assert.Equal(5, log.TailCount);
    }

    [Fact]
    public void Should_delete_whole_paged_out_pages_then_read_the_page_the_bound_falls_in_and_cut_it_exactly()
    {
        // arrange: keep 30 messages' worth (and a little more, not enough for a 31st)
        var log = Paged();
        var limits = Bytes(30 * Weight + 100);

        // act: pages 0..19, 20..39 and 40..59 go unread; the bound falls in 60..79, which must be read first
        var first = log.ApplyRetention(T0.AddMinutes(2), limits);

        // assert
        Assert.Equal((60L, 60L), (first, log.StartOffset));
        Assert.Equal(40 * Weight, log.RetainedBytes);
        Assert.Equal(60, log.RetentionNeeds!.FirstOffset);

        // act: the page is read back (as the partition's PageReader does) and retention goes on
        log.AddPage(log.RetentionNeeds.Key, PageOf(log.RetentionNeeds));
        var second = log.ApplyRetention(T0.AddMinutes(2), limits);

        // assert: exactly the newest 30 are left, and the three whole pages can go from the journal
        Assert.Equal((10L, 70L, 100L), (second, log.StartOffset, log.EndOffset));
        Assert.Equal(30 * Weight, log.RetainedBytes);
        Assert.Null(log.RetentionNeeds);
        Assert.Equal(60, log.TakeDeletableSequenceNr());
    }

    [Fact]
    public void Should_delete_everything_below_the_tail_unread_when_the_tail_alone_is_too_much_then_message_by_message()
    {
        var log = Paged();

        Assert.Equal(97, log.ApplyRetention(T0.AddMinutes(2), Bytes(3 * Weight)));
        Assert.Equal((97L, 3 * Weight), (log.StartOffset, log.RetainedBytes));
        Assert.Null(log.RetentionNeeds);
    }

    [Fact]
    public void Should_not_delete_by_bytes_or_count_past_the_floor_but_by_age()
    {
        var log = Paged();

        // bytes and count stop at the floor: only what every group committed (offsets below 25) goes; the page the floor
        // falls in is read first, for its messages' bytes
        log.ApplyRetention(T0.AddMinutes(2), Bytes(10 * Weight, floor: 25));
        Assert.Equal(20, log.StartOffset);
        log.AddPage(log.RetentionNeeds!.Key, PageOf(log.RetentionNeeds));
        log.ApplyRetention(T0.AddMinutes(2), Bytes(10 * Weight, floor: 25));
        Assert.Equal((25L, 75 * Weight), (log.StartOffset, log.RetainedBytes));
        log.ApplyRetention(T0.AddMinutes(2), new RetentionLimits(Week, 10, TopicSpec.UnlimitedBytes, 30));
        Assert.Equal(30, log.StartOffset);

        // age does not wait for groups: the pages whose newest message is older than a minute go
        log.ApplyRetention(T0.AddSeconds(60 + 60), new RetentionLimits(TimeSpan.FromMinutes(1), TopicSpec.UnlimitedMessages, TopicSpec.UnlimitedBytes, 30));
        Assert.Equal(60, log.StartOffset);
        Assert.Equal(40 * Weight, log.RetainedBytes);
    }

    [Fact]
    public void Should_tell_whether_more_messages_fit_under_the_count_and_bytes()
    {
        var log = Paged();
        var limits = new RetentionLimits(Week, 102, 101 * Weight, long.MaxValue);

        Assert.True(log.Fits(limits, pendingCount: 0, pendingBytes: 0, count: 1, weight: Weight));
        Assert.False(log.Fits(limits, pendingCount: 1, pendingBytes: Weight, count: 1, weight: Weight));
        Assert.False(log.Fits(limits with { MaxBytes = TopicSpec.UnlimitedBytes }, pendingCount: 2, pendingBytes: 0, count: 1, weight: 1));
        Assert.True(log.Fits(Bytes(TopicSpec.UnlimitedBytes), pendingCount: long.MaxValue / 2, pendingBytes: long.MaxValue / 2, count: 1, weight: 1));
    }

    [Fact]
    public void Should_keep_the_bytes_exact_through_a_snapshot_of_a_page_cut_into()
    {
        // arrange: the bound cut the page of offsets 60..79 at 70
        var log = Paged();
        log.ApplyRetention(T0.AddMinutes(2), Bytes(30 * Weight));
        log.AddPage(log.RetentionNeeds!.Key, PageOf(log.RetentionNeeds));
        log.ApplyRetention(T0.AddMinutes(2), Bytes(30 * Weight));
        var snapshot = new PartitionSnapshot(log.StartOffset, log.EndOffset, log.LastTimestamp, log.Pages(), new Dictionary<string, long>(), [],
            FirstPageDroppedBytes: log.FirstPageDroppedBytes);

        // act
        var recovered = new PartitionLog(tailBytes: 1024, pageBytes: PageBytes);
        recovered.Restore(snapshot);
        recovered.Apply(new MessagesAppended(100, [Message(100, T0.AddSeconds(100))]), 101);

        // assert: 31 messages' bytes, though 70..79 are only in the journal
        Assert.Equal(10 * Weight, log.FirstPageDroppedBytes);
        Assert.Equal((70L, 101L, 31 * Weight), (recovered.StartOffset, recovered.EndOffset, recovered.RetainedBytes));

        // act: retention reads the page and pushes out exactly one message
        recovered.ApplyRetention(T0.AddMinutes(2), Bytes(30 * Weight));
        recovered.AddPage(recovered.RetentionNeeds!.Key, PageOf(recovered.RetentionNeeds));
        recovered.ApplyRetention(T0.AddMinutes(2), Bytes(30 * Weight));
        Assert.Equal((71L, 30 * Weight), (recovered.StartOffset, recovered.RetainedBytes));
    }

    [Fact]
    public void Should_keep_the_bytes_exact_when_the_events_after_an_old_snapshot_were_deleted_by_retention()
    {
        // arrange: a snapshot when only offsets 0..9 were written (one page, not full); then 10..59 came, retention
        // moved the start to 45, and the journal deleted the events of the pages below it (sequence numbers 1..40)
        var snapshot = new PartitionSnapshot(0, 10, T0.AddSeconds(9), [new PageRange(0, 9, 1, 10, T0, T0.AddSeconds(9), 10 * Weight)],
            new Dictionary<string, long>(), []);

        // act: recovery as the journal replays it: the snapshot, the events that are left (offsets 40..59), the checkpoint
        var recovered = new PartitionLog(tailBytes: 5 * Weight + 100, pageBytes: PageBytes);
        recovered.Restore(snapshot);
        for (var i = 40; i < 60; i++) recovered.Apply(new MessagesAppended(i, [Message(i, T0.AddSeconds(i))]), i + 1);
        recovered.Apply(new PartitionCheckpoint(45, 60, new Dictionary<string, long>()));
        recovered.Find(45, out _, out var page);
        recovered.AddPage(page!.Key, Enumerable.Range(40, 20).Select(o => new StoredMessage(o, Message(o, T0.AddSeconds(o)))).ToList());

        // assert: the snapshot's page does not reach over the deleted events, so the page read back holds all of the
        // page the start is in, and the bytes are those of offsets 45..59 exactly (retention must not cut 15 more)
        Assert.Equal((40L, 41L), (page.FirstOffset, page.Key));
        Assert.Equal((45L, 60L, 15 * Weight), (recovered.StartOffset, recovered.EndOffset, recovered.RetainedBytes));
    }

    [Fact]
    public void Should_count_a_page_cut_by_count_in_full_until_it_is_read_then_exactly()
    {
        // arrange: count retention cuts the page 20..39 at 30 while it is only in the journal
        var log = Paged();
        log.ApplyRetention(T0.AddMinutes(2), new RetentionLimits(Week, 70, TopicSpec.UnlimitedBytes, long.MaxValue));
        Assert.Equal((30L, 80 * Weight), (log.StartOffset, log.RetainedBytes));

        // act: the page is read
        log.Find(30, out _, out var page);
        log.AddPage(page!.Key, PageOf(page));

        // assert: now its part below the start is off the count
        Assert.Equal(70 * Weight, log.RetainedBytes);
    }
}
