using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

/// <summary>
/// A partition whose log is far larger than its in-memory tail (4 KiB here, a few hundred KiB of messages) reads the
/// older messages back from the journal a page at a time: a new group from the earliest offset gets every message in
/// order with its exact payload, a Kafka-style read of an old range gets that range, a seek by time into it lands on
/// the right offset, and a nacked old message is delivered again after its page left memory.
/// </summary>
public sealed class PagedPartitionSpecs(ITestOutputHelper output) : BrokerSpec(output, """
    actors.topics { cache-size = 4 KiB, page-size = 16 KiB, page-cache-size = 48 KiB }
    """)
{
    private const int Messages = 5000;
    private static readonly TopicName Topic = new("paged");

    [Fact]
    public async Task Should_deliver_every_message_in_order_to_a_new_group_from_the_earliest_offset()
    {
        // arrange
        var published = await PublishAsync();
        var consumer = CreateTestProbe();

        // act
        Consume(Topic.Value, "from-earliest", consumer.Ref, prefetch: 200);
        var deliveries = new List<Delivery>(Messages);
        for (var i = 0; i < Messages; i++)
        {
            var delivery = consumer.ExpectMsg<Delivery>(Wait);
            consumer.Reply(delivery.ToAck());
            deliveries.Add(delivery);
        }

        // assert: offsets 0..4999 in order, each with the payload and key published there
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => (long)i), deliveries.Select(d => d.Offset));
        Assert.All(deliveries, d => Assert.Equal(published[(int)d.Offset], (Body(d), d.Message.Key)));
        await AwaitAssertAsync(async () => Assert.Equal(Messages, await Committed(Topic.Value, "from-earliest")), Wait);
    }

    [Fact]
    public async Task Should_answer_a_read_of_an_old_range_with_the_messages_there()
    {
        // arrange
        var published = await PublishAsync();

        // act
        var read = await Broker.Partitions.Ask<PartitionRead>(new ReadPartition(Topic, 0, 1000, 4096, 1, TimeSpan.FromSeconds(1)), Wait);

        // assert
        Assert.False(read.OutOfRange);
        Assert.Equal((0L, (long)Messages), (read.StartOffset, read.EndOffset));
        Assert.InRange(read.Messages.Count, 20, 40);
        Assert.Equal(Enumerable.Range(1000, read.Messages.Count).Select(i => (long)i), read.Messages.Select(m => m.Offset));
        Assert.All(read.Messages, m => Assert.Equal(published[(int)m.Offset].Body, System.Text.Encoding.UTF8.GetString(m.Message.Payload)));
    }

    [Fact]
    public async Task Should_land_a_seek_by_time_into_the_paged_range_on_the_first_message_at_that_time()
    {
        // arrange: every message's timestamp, read back in ranges; a time in the oldest quarter of the log
        await PublishAsync();
        var stamps = new List<DateTimeOffset>(Messages);
        while (stamps.Count < Messages)
        {
            var read = await Broker.Partitions.Ask<PartitionRead>(new ReadPartition(Topic, 0, stamps.Count, 64 * 1024), Wait);
            stamps.AddRange(read.Messages.Select(m => m.Message.Timestamp));
        }

        var time = DateTimeOffset.FromUnixTimeMilliseconds(stamps[1234].ToUnixTimeMilliseconds());
        var expected = stamps.FindIndex(t => t >= time);

        // act
        await Broker.Client.SeekAsync(Topic, new GroupName("by-time"), StartFrom.AtTime(time), Wait);
        var offsets = await Broker.Partitions.Ask<PartitionOffsets>(new GetPartitionOffsets(Topic, 0, time.ToUnixTimeMilliseconds()), Wait);
        var consumer = CreateTestProbe();
        Consume(Topic.Value, "by-time", consumer.Ref);

        // assert
        Assert.InRange(expected, 1, 1234);
        Assert.Equal(expected, offsets.OffsetAtTime);
        Assert.Equal(expected, consumer.ExpectMsg<Delivery>(Wait).Offset);
    }

    [Fact]
    public async Task Should_deliver_a_nacked_old_message_again_after_its_page_left_memory()
    {
        // arrange
        var published = await PublishAsync();
        var consumer = CreateTestProbe();
        Consume(Topic.Value, "retries", consumer.Ref, prefetch: 200);
        var first = consumer.ExpectMsg<Delivery>(Wait);
        Assert.Equal(0, first.Offset);

        // act: nack offset 0 for a while; meanwhile the group reads on through every other page
        consumer.Reply(first.ToNack(TimeSpan.FromSeconds(3)));
        Delivery again;
        var seen = 0;
        while (true)
        {
            var delivery = consumer.ExpectMsg<Delivery>(Wait);
            consumer.Reply(delivery.ToAck());
            if (delivery.Offset == 0)
            {
                again = delivery;
                break;
            }

            seen++;
        }

        // assert
        Assert.Equal(2, again.Attempt);
        Assert.Equal(published[0], (Body(again), again.Message.Key));
        Assert.True(seen > 1000, $"the group read {seen} other messages before the redelivery");
    }

    [Fact]
    public async Task Should_answer_a_read_waiting_for_its_page_before_the_partition_stops_on_hand_off()
    {
        // arrange: the partition's own ref (from a first answer)
        var published = await PublishAsync();
        var reader = CreateTestProbe();
        Broker.Partitions.Tell(new ReadPartition(Topic, 0, 0, 1024), reader.Ref);
        reader.ExpectMsg<PartitionRead>(Wait);
        var partition = reader.LastSender;
        Watch(partition);

        // act: a read of a range only the journal holds, then at once the shard's hand-off message
        partition.Tell(new ReadPartition(Topic, 0, 2500, 4096), reader.Ref);
        partition.Tell(PartitionActor.StopPartition.Instance);

        // assert: the read is answered with its messages, then the partition stops
        var read = reader.ExpectMsg<PartitionRead>(Wait);
        Assert.Equal(2500, read.Messages[0].Offset);
        Assert.All(read.Messages, m => Assert.Equal(published[(int)m.Offset].Body, System.Text.Encoding.UTF8.GetString(m.Message.Payload)));
        ExpectTerminated(partition, Wait);
    }

    /// <summary>Publishes <see cref="Messages"/> keyed messages of about 100 bytes to a one-partition topic; returns them by offset.</summary>
    private async Task<List<(string Body, string? Key)>> PublishAsync()
    {
        await CreateTopic(Topic.Value, partitions: 1);
        var messages = Enumerable.Range(0, Messages).Select(i => ($"message {i:D5} ".PadRight(100, '.'), (string?)$"key-{i % 7}")).ToList();
        var acks = await Broker.Client.PublishManyAsync(Topic, messages.Select(m => new MessageToPublish(System.Text.Encoding.UTF8.GetBytes(m.Item1), m.Item2)).ToList(), Wait);
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => (long)i), acks.Select(a => a.Offset));
        return messages;
    }
}
