using Actors.Partitions;
using Actors.Topics;
using Akka.TestKit;

namespace Actors.Tests.Partitions;

public sealed class AppendBatcherSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IActorRef Sender = ActorRefs.Nobody;

    private static Append Publish(long correlationId, ProducerSequence? producer = null) =>
        new(new TopicName("orders"), 0, new TopicMessage(null, [1], TopicMessage.NoHeaders, default), correlationId, producer);

    [Fact]
    public void Should_gather_publishes_into_batches_while_two_writes_are_in_flight()
    {
        // arrange
        var batcher = new AppendBatcher(maxBatchMessages: 3);
        for (var i = 0; i < 8; i++) batcher.Add(Publish(i), Sender);

        // act
        var first = batcher.TakeBatches(T0);
        var whileWriting = batcher.TakeBatches(T0);
        var answered = batcher.CompleteWrite();
        var next = batcher.TakeBatches(T0);

        // assert: two writes of three, nothing more until one is done, then the last two
        Assert.Equal([(0L, 3), (3L, 3)], first.Select(b => (b.FirstOffset, b.Messages.Count)));
        Assert.Empty(whileWriting);
        Assert.Equal([0L, 1, 2], answered.Select(r => r.CorrelationId));
        Assert.Equal([(6L, 2)], next.Select(b => (b.FirstOffset, b.Messages.Count)));
        Assert.False(batcher.Idle);
    }

    [Fact]
    public void Should_continue_after_the_recovered_log_and_never_stamp_before_its_last_timestamp()
    {
        // arrange: the recovered log ends at offset 10, its last message stamped an hour ahead of this clock
        var batcher = new AppendBatcher(maxBatchMessages: 10);
        batcher.ResumeAfter(endOffset: 10, lastTimestamp: T0.AddHours(1));

        // act
        batcher.Add(Publish(1), Sender);
        var behind = batcher.TakeBatches(T0).Single();
        batcher.Add(Publish(2), Sender);
        var ahead = batcher.TakeBatches(T0.AddHours(2)).Single();

        // assert
        Assert.Equal((10L, T0.AddHours(1)), (behind.FirstOffset, behind.Messages.Single().Timestamp));
        Assert.Equal((11L, T0.AddHours(2)), (ahead.FirstOffset, ahead.Messages.Single().Timestamp));
    }

    [Fact]
    public void Should_be_idle_once_every_write_is_answered()
    {
        var batcher = new AppendBatcher(maxBatchMessages: 10);
        batcher.Add(Publish(1), Sender);
        batcher.TakeBatches(T0);

        Assert.False(batcher.Idle);
        batcher.CompleteWrite();
        Assert.True(batcher.Idle);
    }

    [Fact]
    public void Should_give_offsets_as_publishes_arrive_and_journal_each_producers_runs()
    {
        // arrange: producer 7 sends 0 and 1, a keyless publish, producer 8 sends 4, producer 7 sends 2
        var batcher = new AppendBatcher(maxBatchMessages: 10);
        batcher.ResumeAfter(endOffset: 30, lastTimestamp: T0);
        var offsets = new[]
        {
            batcher.Add(Publish(1, new ProducerSequence(7, 0, 0)), Sender),
            batcher.Add(Publish(2, new ProducerSequence(7, 0, 1)), Sender),
            batcher.Add(Publish(3), Sender),
            batcher.Add(Publish(4, new ProducerSequence(8, 1, 4)), Sender),
            batcher.Add(Publish(5, new ProducerSequence(7, 0, 2)), Sender),
        };

        // act
        var before = batcher.TakenEnd;
        var batch = batcher.TakeBatches(T0).Single();

        // assert
        Assert.Equal([30L, 31, 32, 33, 34], offsets);
        Assert.Equal((30L, 35L), (before, batcher.TakenEnd));
        Assert.Equal([new ProducerRun(0, 7, 0, 0, 2), new ProducerRun(3, 8, 1, 4, 1), new ProducerRun(4, 7, 0, 2, 1)], batch.Producers);
    }

    [Fact]
    public void Should_answer_a_resend_of_a_publish_still_being_written_together_with_it()
    {
        // arrange
        var batcher = new AppendBatcher(maxBatchMessages: 10);
        var offset = batcher.Add(Publish(1), Sender);
        batcher.TakeBatches(T0);

        // act: the same publish again (correlation 9) while its write is in flight
        batcher.AnswerAlso(offset, 9, Sender);
        var answered = batcher.CompleteWrite();

        // assert
        Assert.Equal([(0L, 1L), (0L, 9L)], answered.Select(r => (r.Offset, r.CorrelationId)));
    }
}
