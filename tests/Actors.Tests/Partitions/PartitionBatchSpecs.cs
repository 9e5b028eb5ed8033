using System.Diagnostics;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

/// <summary>
/// The partition commands of readers and writers in batches (the Kafka edge): a batch is appended as one unit with
/// one answer, checked as a whole against the producer's state (resend, gap, fenced epoch), and read back from any
/// retained offset within byte limits, with a read that finds too little waiting for an append or its deadline.
/// </summary>
public sealed class PartitionBatchSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;
    private static readonly TopicName Topic = new("batches");
    private readonly InProcessCluster _cluster = new("partition-batches", output, "actors.topics.max-message-size = 1 KiB");
    private ActorSystem _node = null!;

    private IActorRef Partitions => Broker.Get(_node).Partitions;

    public async Task InitializeAsync()
    {
        _node = (await _cluster.StartAsync("a"))[0];
        await Broker.Get(_node).Client.CreateTopicAsync(Topic, 1, Wait);
    }

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_append_each_batch_as_one_unit_answered_with_its_first_offset()
    {
        // act
        var first = await AppendAsync(Messages("a", "b", "c"));
        var second = await AppendAsync(Messages("d", "e"));

        // assert
        Assert.Equal(0, Assert.IsType<BatchAppended>(first).BaseOffset);
        Assert.Equal(3, Assert.IsType<BatchAppended>(second).BaseOffset);
        var read = await ReadAsync(0);
        Assert.Equal(["a", "b", "c", "d", "e"], read.Messages.Select(m => m.Message.Key));
        Assert.Equal([0L, 1, 2, 3, 4], read.Messages.Select(m => m.Offset));
    }

    [Fact]
    public async Task Should_answer_a_resent_batch_with_its_original_offset_and_write_it_once()
    {
        // arrange
        var producer = new ProducerSequence(4711, 0, 0);
        Assert.Equal(0, Assert.IsType<BatchAppended>(await AppendAsync(Messages("a", "b", "c"), producer)).BaseOffset);
        Assert.Equal(3, Assert.IsType<BatchAppended>(await AppendAsync(Messages("d", "e"), producer with { Sequence = 3 })).BaseOffset);

        // act
        var resent = await AppendAsync(Messages("a", "b", "c"), producer);

        // assert
        Assert.Equal(0, Assert.IsType<BatchAppended>(resent).BaseOffset);
        Assert.Equal(5, (await ReadAsync(0)).EndOffset);
    }

    [Fact]
    public async Task Should_refuse_a_sequence_gap_with_the_expected_sequence()
    {
        // arrange
        var producer = new ProducerSequence(4712, 0, 0);
        await AppendAsync(Messages("a", "b"), producer);

        // act
        var gap = await AppendAsync(Messages("x"), producer with { Sequence = 5 });

        // assert
        var rejected = Assert.IsType<PublishRejected>(gap);
        Assert.Equal((PublishError.OutOfOrderSequence, 2), (rejected.Error, rejected.ExpectedSequence));
        Assert.Equal(2, (await ReadAsync(0)).EndOffset);
    }

    [Fact]
    public async Task Should_fence_an_older_epoch_once_a_newer_one_wrote()
    {
        // arrange
        await AppendAsync(Messages("a"), new ProducerSequence(4713, 0, 0));
        await AppendAsync(Messages("b"), new ProducerSequence(4713, 1, 0));

        // act
        var old = await AppendAsync(Messages("c"), new ProducerSequence(4713, 0, 1));

        // assert
        Assert.Equal(PublishError.ProducerFenced, Assert.IsType<PublishRejected>(old).Error);
    }

    [Fact]
    public async Task Should_refuse_the_whole_batch_when_one_message_is_over_the_limit()
    {
        // act
        var reply = await AppendAsync([Message("a"), Message("big") with { Payload = new byte[2048] }]);

        // assert
        Assert.Equal(PublishError.MessageTooLarge, Assert.IsType<PublishRejected>(reply).Error);
        Assert.Equal(0, (await ReadAsync(0)).EndOffset);
    }

    [Fact]
    public async Task Should_read_within_the_byte_limit_but_always_at_least_one_message()
    {
        // arrange: three messages of 101 bytes each (1-byte key, 100-byte payload)
        await AppendAsync([Sized("a", 100), Sized("b", 100), Sized("c", 100)]);

        // act
        var two = await ReadAsync(0, maxBytes: 250);
        var one = await ReadAsync(1, maxBytes: 10);

        // assert
        Assert.Equal(["a", "b"], two.Messages.Select(m => m.Message.Key));
        Assert.Equal(["b"], one.Messages.Select(m => m.Message.Key));
        Assert.Equal((0L, 3L), (one.StartOffset, one.EndOffset));
    }

    [Fact]
    public async Task Should_answer_out_of_range_beyond_the_end_and_nothing_at_the_end()
    {
        // arrange
        await AppendAsync(Messages("a"));

        // act
        var beyond = await ReadAsync(5);
        var atEnd = await ReadAsync(1);

        // assert
        Assert.True(beyond.OutOfRange);
        Assert.False(atEnd.OutOfRange);
        Assert.Empty(atEnd.Messages);
    }

    [Fact]
    public async Task Should_answer_a_waiting_read_as_soon_as_an_append_arrives()
    {
        // arrange: a read at the end that would wait a minute
        var reading = Partitions.Ask<PartitionRead>(new ReadPartition(Topic, 0, 0, 1024 * 1024, 1, TimeSpan.FromMinutes(1)), Wait);
        // (told before the append from this same thread, so it reaches the partition first)
        var clock = Stopwatch.StartNew();

        // act
        await AppendAsync(Messages("a"));
        var read = await reading;

        // assert: answered by the append, long before the read's deadline
        Assert.Equal(["a"], read.Messages.Select(m => m.Message.Key));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Should_answer_a_waiting_read_empty_at_its_deadline()
    {
        // arrange
        var clock = Stopwatch.StartNew();

        // act
        var read = await Partitions.Ask<PartitionRead>(new ReadPartition(Topic, 0, 0, 1024, 1, TimeSpan.FromMilliseconds(300)), Wait);

        // assert
        Assert.Empty(read.Messages);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Should_find_the_first_offset_at_or_after_a_time()
    {
        // arrange
        await AppendAsync(Messages("a"));
        await AppendAsync(Messages("b"));
        var stored = (await ReadAsync(0)).Messages.Select(m => m.Message.Timestamp.ToUnixTimeMilliseconds()).ToList();

        // act
        var atFirst = await Partitions.Ask<PartitionOffsets>(new GetPartitionOffsets(Topic, 0, stored[0]), Wait);
        var afterLast = await Partitions.Ask<PartitionOffsets>(new GetPartitionOffsets(Topic, 0, stored[1] + 1), Wait);
        var range = await Partitions.Ask<PartitionOffsets>(new GetPartitionOffsets(Topic, 0), Wait);

        // assert
        Assert.Equal((0L, stored[0]), (atFirst.OffsetAtTime, atFirst.TimestampAtTime));
        Assert.Equal(-1, afterLast.OffsetAtTime);
        Assert.Equal((0L, 2L, -1L), (range.StartOffset, range.EndOffset, range.OffsetAtTime));
    }

    [Fact]
    public async Task Should_confirm_a_producers_batch_with_one_range_per_write_and_its_copies_and_gaps_one_by_one()
    {
        // arrange: sequences 0..2 are written, then a batch resends 1 and 2 (copies), adds 3..5, and skips to 9
        using var inbox = Inbox.Create(_node);
        Partitions.Tell(Batch(0, [0, 1, 2]), inbox.Receiver);
        var first = Assert.IsType<PublishConfirms>(await inbox.ReceiveAsync(Wait));

        // act
        Partitions.Tell(Batch(10, [1, 2, 3, 4, 5, 9]), inbox.Receiver);

        // assert: the first write is one range; the copies are answered with their offsets, the gap is refused, and
        // the three new ones are one range at the next offsets
        Assert.Equal([new ConfirmRange(0, 0, 3)], first.Ranges);
        var replies = new List<object>();
        for (var i = 0; i < 4; i++) replies.Add(await inbox.ReceiveAsync(Wait));
        Assert.Equal([(10L, 1L), (11L, 2L)], replies.OfType<PublishAck>().Select(a => (a.CorrelationId, a.Offset)));
        var gap = Assert.Single(replies.OfType<PublishRejected>());
        Assert.Equal((15L, PublishError.OutOfOrderSequence, 6), (gap.CorrelationId, gap.Error, gap.ExpectedSequence));
        Assert.Equal([new ConfirmRange(12, 3, 3)], Assert.Single(replies.OfType<PublishConfirms>()).Ranges);
        Assert.Equal(6, (await ReadAsync(0)).EndOffset);

        PublishBatch Batch(long firstCorrelation, int[] sequences) =>
            new(Topic, 0, sequences.Select((sequence, i) => new BatchedPublish(Message($"s{sequence}"), firstCorrelation + i, new ProducerSequence(4714, 0, sequence))).ToList());
    }

    [Fact]
    public async Task Should_refuse_every_publish_of_a_batch_for_a_partition_the_topic_does_not_have()
    {
        // arrange
        using var inbox = Inbox.Create(_node);
        var batch = new PublishBatch(Topic, 3, [new BatchedPublish(Message("a"), 1, null), new BatchedPublish(Message("b"), 2, null)]);

        // act
        Partitions.Tell(batch, inbox.Receiver);

        // assert: one refusal per publish, naming the partition, so the producer looks the topic up again
        var refusals = new[] { Assert.IsType<PublishRejected>(await inbox.ReceiveAsync(Wait)), Assert.IsType<PublishRejected>(await inbox.ReceiveAsync(Wait)) };
        Assert.Equal([1L, 2L], refusals.Select(r => r.CorrelationId));
        Assert.All(refusals, r => Assert.Equal(PublishError.UnknownPartition, r.Error));
        Assert.Contains("no partition 3", refusals[0].Reason);
    }

    private Task<object> AppendAsync(IReadOnlyList<TopicMessage> messages, ProducerSequence? producer = null) =>
        Partitions.Ask<object>(new AppendBatch(Topic, 0, messages, 1, producer), Wait);

    private Task<PartitionRead> ReadAsync(long from, int maxBytes = 1024 * 1024) =>
        Partitions.Ask<PartitionRead>(new ReadPartition(Topic, 0, from, maxBytes), Wait);

    private static TopicMessage Message(string key) => new(key, [1], TopicMessage.NoHeaders, default);

    private static TopicMessage Sized(string key, int payload) => new(key, new byte[payload], TopicMessage.NoHeaders, default);

    private static List<TopicMessage> Messages(params string[] keys) => keys.Select(Message).ToList();
}
