using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Consumers;

/// <summary>
/// A consumer that asked for batches (as the .NET client does): its deliveries come several to a
/// <see cref="DeliveryBatch"/>, one <see cref="AckBatch"/> of offset ranges acks many, and an offset in it that is
/// not in flight is refused alone. A consumer that did not ask still gets each <see cref="Delivery"/> alone.
/// </summary>
public sealed class BatchedConsumerSpecs(ITestOutputHelper output) : BrokerSpec(output)
{
    [Fact]
    public async Task Should_deliver_in_batches_and_commit_a_range_of_acks_at_once()
    {
        // arrange
        await CreateTopic("batched", 1);
        await PublishAll("batched", Enumerable.Range(0, 50).Select(i => ((string?)null, $"m{i}")));
        var consumer = CreateTestProbe();

        // act: read all 50, then ack them with one range, plus offset 77, which was never delivered
        var member = Broker.Subscribe(new ConsumerSettings(new TopicName("batched"), new GroupName("g"), 100, StartFrom.Earliest, Batched: true), consumer.Ref);
        var batches = new List<DeliveryBatch>();
        while (batches.Sum(b => b.Deliveries.Count) < 50) batches.Add(consumer.ExpectMsg<DeliveryBatch>(Wait));
        member.Tell(new AckBatch(new TopicName("batched"), 0, new GroupName("g"), [new OffsetRange(0, 50), new OffsetRange(77, 1)]), consumer.Ref);

        // assert: fewer messages than deliveries, all in offset order; 77 refused alone; all 50 committed
        Assert.True(batches.Count < 50, $"{batches.Count} batches for 50 deliveries");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), batches.SelectMany(b => b.Deliveries).Select(d => d.Offset));
        Assert.Equal(77, consumer.ExpectMsg<AckRejected>(Wait).Offset);
        await AwaitAssertAsync(async () => Assert.Equal(50, await Committed("batched", "g")), Wait, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Should_deliver_one_by_one_to_a_consumer_that_did_not_ask_for_batches()
    {
        // arrange
        await CreateTopic("single", 1);
        await PublishAll("single", Enumerable.Range(0, 5).Select(i => ((string?)null, $"m{i}")));
        var consumer = CreateTestProbe();

        // act
        Consume("single", "g", consumer.Ref);

        // assert
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], Enumerable.Range(0, 5).Select(_ => Body(consumer.ExpectMsg<Delivery>(Wait))));
    }

    [Fact]
    public void Should_merge_consecutive_offsets_into_ranges_in_the_order_given()
    {
        Assert.Equal([new OffsetRange(3, 3), new OffsetRange(9, 1), new OffsetRange(4, 2)], OffsetRange.Of([3, 4, 5, 9, 4, 5]));
    }
}
