using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

public sealed class PartitionLogSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static MessagesAppended Batch(long first, int count, DateTimeOffset at) =>
        new(first, Enumerable.Range(0, count).Select(i => new TopicMessage($"k{first + i}", [], TopicMessage.NoHeaders, at)).ToList());

    [Fact]
    public void Should_keep_offsets_across_batches_and_find_messages_by_offset()
    {
        var log = new PartitionLog();
        log.Apply(Batch(0, 3, T0), 1);
        log.Apply(Batch(3, 2, T0), 2);

        Assert.Equal(0, log.StartOffset);
        Assert.Equal(5, log.EndOffset);
        Assert.Equal("k4", log.Get(4)!.Message.Key);
        Assert.Null(log.Get(5));
    }

    [Fact]
    public void Should_apply_retention_by_count_and_age_and_tell_which_journal_events_can_go()
    {
        var log = new PartitionLog();
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
    public void Should_drop_messages_before_a_recovered_checkpoint()
    {
        var log = new PartitionLog();
        log.Apply(Batch(0, 4, T0), 1);
        log.Apply(new PartitionCheckpoint(StartOffset: 3, EndOffset: 4, new Dictionary<string, long>(), []));

        Assert.Equal(3, log.StartOffset);
        Assert.Equal(4, log.EndOffset);
    }
}
