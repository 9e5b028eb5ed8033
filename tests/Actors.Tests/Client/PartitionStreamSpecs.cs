using Actors.Client;
using Actors.Topics;

namespace Actors.Tests.Client;

/// <summary>
/// The client side of idempotent publishing on one partition: sequences in publish order within a window, and what is
/// sent again when: all of them, in a new round, after a gap refusal; a new epoch numbered from 0 when the gap can never
/// be filled; the oldest alone after silence, then the rest; one overtaken by a later confirm.
/// </summary>
public sealed class PartitionStreamSpecs
{
    private static readonly TopicName Topic = new("orders");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(5);

    private static (PartitionStream Stream, List<PublishAttempt> Sent, List<Task<PublishAck>> Results) StreamWith(int publishes, int window = 10)
    {
        var stream = new PartitionStream(Topic, 2, producerId: 42, window);
        var sent = new List<PublishAttempt>();
        var results = new List<Task<PublishAck>>();
        for (var i = 0; i < publishes; i++)
        {
            var completion = new TaskCompletionSource<PublishAck>();
            sent.AddRange(stream.Add(new Publish(Topic, [(byte)i], "k", Partition: 2), completion, T0));
            results.Add(completion.Task);
        }

        return (stream, sent, results);
    }

    private static PublishAck Ack(long offset) => new(Topic, 2, offset, 0);

    private static IEnumerable<int> Sequences(IEnumerable<PublishAttempt> attempts) => attempts.Select(a => a.Sequence);

    [Fact]
    public async Task Should_number_publishes_in_order_and_send_no_more_than_the_window()
    {
        // arrange + act
        var (stream, sent, results) = StreamWith(5, window: 3);
        var next = stream.Confirmed(sent[0], Ack(100), T0);

        // assert
        Assert.Equal([0, 1, 2], Sequences(sent));
        Assert.All(sent, a => Assert.Equal((42L, (short)0), (a.ProducerId, a.Epoch)));
        Assert.Equal([3], Sequences(next));
        Assert.Equal(100, (await results[0]).Offset);
        Assert.Equal(new ProducerSequence(42, 0, 1), sent[1].ToBatched(7).Producer);
    }

    [Fact]
    public void Should_resend_everything_in_a_new_round_after_a_gap_refusal_and_ignore_refusals_of_the_old_round()
    {
        // arrange: 0 and 1 got lost, 2 and 3 were refused: the partition expects 0
        var (stream, sent, _) = StreamWith(4);

        // act
        var resent = stream.OutOfOrder(sent[2], expected: 0, T0);
        var stale = stream.OutOfOrder(sent[3], expected: 0, T0);

        // assert
        Assert.Equal([0, 1, 2, 3], Sequences(resent));
        Assert.All(resent, a => Assert.Equal(1, a.Round));
        Assert.Empty(stale);
    }

    [Fact]
    public void Should_start_a_new_epoch_from_0_when_the_sequence_expected_will_never_come()
    {
        // arrange: 0 confirmed, 1 refused for good, so the partition expects 1, which nobody will send again
        var (stream, sent, results) = StreamWith(4);
        stream.Confirmed(sent[0], Ack(0), T0);
        stream.Failed(sent[1], new TopicException("refused"), T0);

        // act
        var resent = stream.OutOfOrder(sent[2], expected: 1, T0);

        // assert: 2 and 3 renumbered 0 and 1 under epoch 1
        Assert.Equal([0, 1], Sequences(resent));
        Assert.All(resent, a => Assert.Equal((short)1, a.Epoch));
        Assert.Equal([(byte)2, (byte)3], resent.Select(a => a.Publish.Message.Payload[0]));
        Assert.IsType<TopicException>(results[1].Exception!.InnerException);
    }

    [Fact]
    public void Should_probe_with_the_oldest_after_silence_and_send_the_rest_once_it_is_answered()
    {
        var (stream, sent, _) = StreamWith(3);

        Assert.Empty(stream.Tick(T0 + ResendAfter / 2, ResendAfter));
        var probe = stream.Tick(T0 + ResendAfter, ResendAfter);
        var rest = stream.Confirmed(probe.Single(), Ack(7), T0 + ResendAfter * 2);

        Assert.Equal([0], Sequences(probe));
        Assert.Equal([1, 2], Sequences(rest));
        Assert.Equal(sent[0].Publish, probe[0].Publish);
    }

    [Fact]
    public void Should_resend_a_publish_overtaken_by_the_confirm_of_a_later_one()
    {
        // arrange: the confirm of 0 was lost (its node died), 1 is confirmed
        var (stream, sent, _) = StreamWith(3);

        // act
        var resent = stream.Confirmed(sent[1], Ack(11), T0);

        // assert
        Assert.Equal([0], Sequences(resent));
    }

    [Fact]
    public void Should_probe_at_once_when_the_client_moved_to_another_node()
    {
        var (stream, _, _) = StreamWith(3);

        Assert.Equal([0], Sequences(stream.NodeChanged(T0)));
        Assert.True(stream.Probing);
    }

    [Fact]
    public async Task Should_fail_a_publish_refused_without_its_sequence_and_close_the_gap_with_the_later_ones_only()
    {
        // arrange: 0..4 on their way; the partition took 0 and 1, refused 2 (full), and will call 3 and 4 out of order
        var (stream, sent, results) = StreamWith(5);

        // act
        var resent = stream.Skipped(sent[2], new TopicException("partition orders/2 is full"), T0);
        var stale = stream.OutOfOrder(sent[3], expected: 2, T0);

        // assert: 2 fails; 3 and 4 go again as 2 and 3 under the same epoch; 0 and 1 keep theirs; the old round's refusal changes nothing
        Assert.Equal("partition orders/2 is full", (await Assert.ThrowsAsync<TopicException>(() => results[2])).Message);
        Assert.Equal([(3, 2), (4, 3)], resent.Select(a => ((int)a.Publish.Message.Payload[0], a.Sequence)));
        Assert.All(resent, a => Assert.Equal((42L, (short)0), (a.ProducerId, a.Epoch)));
        Assert.Empty(stale);
        Assert.Equal([0, 1, 2, 3], stream.Pending.Select(p => p.Sequence));
        Assert.Equal([4], Sequences(stream.Confirmed(sent[0], Ack(100), T0).Concat(StreamAdd(stream))));
    }

    private static IReadOnlyList<PublishAttempt> StreamAdd(PartitionStream stream) =>
        stream.Add(new Publish(Topic, [5], "k", Partition: 2), new TaskCompletionSource<PublishAck>(), T0);
}
