using Actors.Client;
using Actors.Topics;

namespace Actors.Tests.Client;

/// <summary>
/// <see cref="TopicClient.PublishManyAsync"/>: a bulk producer hands many messages over at once and gets every
/// confirm back in its order; each key's messages are stored in that order; one message over the limit refuses the
/// call before anything is stored. <see cref="TopicClient.PublishEach"/> (what <c>actors publish</c> uses): one task
/// per message, and a message over the limit fails its own task only.
/// </summary>
public sealed class PublishManySpecs(ITestOutputHelper output) : BrokerSpec(output, "actors.topics.max-message-size = 1 KiB")
{
    [Fact]
    public async Task Should_confirm_every_message_in_order_and_keep_each_keys_order()
    {
        // arrange
        var topic = new TopicName("many");
        await CreateTopic("many", 4);
        var messages = Enumerable.Range(0, 1000).Select(i => new MessageToPublish(System.Text.Encoding.UTF8.GetBytes($"m{i}"), $"k{i % 7}")).ToList();

        // act
        var acks = await Broker.Client.PublishManyAsync(topic, messages, Wait);

        // assert: one confirm per message, in the order given: offsets rise per partition, and the same key kept one partition
        Assert.Equal(1000, acks.Count);
        foreach (var partition in acks.GroupBy(a => a.Partition))
            Assert.Equal(partition.Select(a => a.Offset).Order(), partition.Select(a => a.Offset));
        Assert.All(messages.Select((m, i) => (m.Key, acks[i].Partition)).GroupBy(p => p.Key), key => Assert.Single(key.Select(p => p.Partition).Distinct()));
        Assert.Equal(1000, (await Broker.Client.GetStatusAsync(topic)).Sum(p => p.EndOffset));
    }

    [Fact]
    public async Task Should_refuse_the_whole_call_for_one_message_over_the_limit_and_store_nothing()
    {
        // arrange
        var topic = new TopicName("many-large");
        await CreateTopic("many-large", 1);
        var messages = new[] { new MessageToPublish([1]), new MessageToPublish(new byte[2048]) };

        // act
        var refused = await Assert.ThrowsAsync<MessageTooLargeException>(() => Broker.Client.PublishManyAsync(topic, messages, Wait));

        // assert
        Assert.Equal((2048L, 1024L), (refused.Size, refused.Limit));
        Assert.Equal(0, (await Broker.Client.GetStatusAsync(topic)).Sum(p => p.EndOffset));
    }

    [Fact]
    public async Task Should_give_each_message_its_own_confirm_and_fail_only_the_one_over_the_limit()
    {
        // arrange
        var topic = new TopicName("each");
        await CreateTopic("each", 1);
        var messages = new[] { new MessageToPublish([1]), new MessageToPublish(new byte[2048]), new MessageToPublish([3]) };

        // act
        var confirms = Broker.Client.PublishEach(topic, messages);
        var outcomes = await Task.WhenAll(confirms.Select(async c =>
        {
            try
            {
                return (await c.WaitAsync(Wait)).Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (MessageTooLargeException e)
            {
                return $"too large: {e.Size}";
            }
        }));

        // assert: the two that fit stored at consecutive offsets, in the order given
        Assert.Equal(["0", "too large: 2048", "1"], outcomes);
        Assert.Equal(2, (await Broker.Client.GetStatusAsync(topic)).Sum(p => p.EndOffset));
    }
}
