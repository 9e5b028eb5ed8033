using Actors.Client;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Topics;

/// <summary>
/// Retention set per topic: by count (the oldest messages go as new ones arrive) and by age (the partition's
/// periodic check drops expired ones); consumers then start at the first retained message, and a topic
/// created with an invalid retention is refused with the reason.
/// </summary>
public sealed class RetentionSpecs(ITestOutputHelper output) : BrokerSpec(output)
{
    [Fact]
    public async Task Should_keep_only_the_newest_messages_of_a_topic_retained_by_count()
    {
        // arrange
        await Broker.Client.CreateTopicAsync(new CreateTopic(new TopicName("recent"), 1, RetentionMessages: 5));

        // act
        await PublishAll("recent", Enumerable.Range(0, 20).Select(i => ((string?)null, $"m{i}")));

        // assert
        var partition = (await Broker.Client.GetStatusAsync(new TopicName("recent"))).Single();
        Assert.Equal((15L, 20L), (partition.StartOffset, partition.EndOffset));
        Consume("recent", "readers", TestActor);
        var bodies = Enumerable.Range(0, 5).Select(_ => Body(ExpectMsg<Delivery>(Wait))).ToList();
        Assert.Equal(Enumerable.Range(15, 5).Select(i => $"m{i}"), bodies);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Should_drop_messages_older_than_the_topic_retention_age()
    {
        // arrange
        await Broker.Client.CreateTopicAsync(new CreateTopic(new TopicName("fleeting"), 2, RetentionAge: TimeSpan.FromMilliseconds(300)));
        var defaults = await Broker.Client.CreateTopicAsync(new TopicName("lasting"), 2);

        // act
        await PublishAll("fleeting", Enumerable.Range(0, 10).Select(i => ((string?)$"k{i}", $"m{i}")));
        await PublishAll("lasting", Enumerable.Range(0, 10).Select(i => ((string?)$"k{i}", $"m{i}")));

        // assert: the retention check (every 200 ms here) empties the short-lived topic only
        await AwaitAssertAsync(async () =>
        {
            var status = await Broker.Client.GetStatusAsync(new TopicName("fleeting"));
            Assert.All(status, p => Assert.Equal(p.EndOffset, p.StartOffset));
            Assert.Equal(10, status.Sum(p => p.EndOffset));
        }, Wait, TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromDays(7), defaults.RetentionAge);
        Assert.Equal(10, (await Broker.Client.GetStatusAsync(new TopicName("lasting"))).Sum(p => p.EndOffset - p.StartOffset));
    }

    [Fact]
    public async Task Should_refuse_a_topic_with_an_invalid_retention()
    {
        var error = await Assert.ThrowsAsync<TopicException>(() => Broker.Client.CreateTopicAsync(new CreateTopic(new TopicName("never"), 1, RetentionMessages: 0)));

        Assert.Equal("retention by count must keep at least 1 message, not 0", error.Message);
        Assert.Null(await Broker.Client.GetTopicAsync(new TopicName("never")));
    }
}
