using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Topics;

public sealed class PublishingSpecs(ITestOutputHelper output) : BrokerSpec(output, "actors.topics.max-message-size = 1 KiB")
{
    [Fact]
    public async Task Should_confirm_a_told_publish_with_its_partition_and_offset()
    {
        // arrange
        await CreateTopic("orders", partitions: 4);

        // act
        Broker.TopicRef(new TopicName("orders")).Tell(new Publish(new TopicName("orders"), [1, 2, 3], Key: "customer-7", CorrelationId: 42));

        // assert
        var ack = ExpectMsg<PublishAck>(Wait);
        Assert.Equal(42, ack.CorrelationId);
        Assert.Equal(KeyHash.Partition("customer-7", 4), ack.Partition);
        Assert.Equal(0, ack.Offset);
    }

    [Fact]
    public async Task Should_keep_one_key_on_one_partition_in_order_and_spread_keyless_messages()
    {
        await CreateTopic("clicks", partitions: 4);

        var keyed = await PublishAll("clicks", Enumerable.Range(0, 20).Select(i => ((string?)"same-key", $"m{i}")));
        // (keyless ones stick to a partition until they make a full batch there: 1 KiB in this spec, about 200 of these)
        var keyless = await Broker.Client.PublishManyAsync(new TopicName("clicks"),
            Enumerable.Range(0, 2000).Select(i => new Actors.Client.MessageToPublish(System.Text.Encoding.UTF8.GetBytes($"n{i}"))).ToList());

        Assert.Single(keyed.Select(a => a.Partition).Distinct());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), keyed.Select(a => a.Offset));
        Assert.Equal(4, keyless.Select(a => a.Partition).Distinct().Count());
        var runs = keyless.Zip(keyless.Skip(1)).Count(pair => pair.Item1.Partition != pair.Item2.Partition) + 1;
        Assert.InRange(runs, 4, 20);
    }

    [Fact]
    public async Task Should_answer_an_oversized_message_with_an_error_and_keep_working()
    {
        await CreateTopic("small", partitions: 1);

        Broker.TopicRef(new TopicName("small")).Tell(new Publish(new TopicName("small"), new byte[2048], CorrelationId: 1));
        var rejected = ExpectMsg<PublishRejected>(Wait);

        Assert.Equal("message of 2048 bytes is over the limit of 1 KiB", rejected.Reason);
        Assert.Equal(PublishError.MessageTooLarge, rejected.Error);
        var ack = await Broker.Client.PublishAsync(new TopicName("small"), new byte[10]);
        Assert.Equal(0, ack.Offset);
    }

    [Fact]
    public async Task Should_batch_a_burst_of_publishes_and_confirm_every_one()
    {
        await CreateTopic("burst", partitions: 2);
        var router = Broker.TopicRef(new TopicName("burst"));

        for (var i = 0; i < 5000; i++) router.Tell(new Publish(new TopicName("burst"), BitConverter.GetBytes(i), Key: (i % 10).ToString(), CorrelationId: i));
        var acks = ReceiveN(5000, Wait).Cast<PublishAck>().ToList();

        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), acks.Select(a => a.CorrelationId).Order());
        Assert.All(acks.GroupBy(a => a.Partition), p => Assert.Equal(p.Count(), p.Select(a => a.Offset).Distinct().Count()));
    }
}

public sealed class UnknownTopicSpecs(ITestOutputHelper output) : BrokerSpec(output, "actors.topics.auto-create = off")
{
    [Fact]
    public async Task Should_refuse_a_publish_to_an_unknown_topic_when_auto_create_is_off()
    {
        Broker.TopicRef(new TopicName("nowhere")).Tell(new Publish(new TopicName("nowhere"), [1], CorrelationId: 5));

        var rejected = ExpectMsg<PublishRejected>(Wait);
        Assert.Equal(5, rejected.CorrelationId);
        Assert.Contains("does not exist", rejected.Reason);

        await CreateTopic("nowhere", partitions: 1);
        Broker.TopicRef(new TopicName("nowhere")).Tell(new Publish(new TopicName("nowhere"), [1], CorrelationId: 6));
        Assert.Equal(6, ExpectMsg<PublishAck>(Wait).CorrelationId);
    }

    [Fact]
    public async Task Should_fail_the_async_client_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<Actors.Client.TopicException>(() => Broker.Client.PublishAsync(new TopicName("missing"), [1]));
        Assert.Contains("'missing' does not exist", error.Message);
    }
}
