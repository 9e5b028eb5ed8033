using Actors.Client;
using Actors.Topics;

namespace Actors.Tests.Topics;

/// <summary>
/// Limits against abuse (<c>actors.topics.max-partitions-per-topic</c>, <c>max-topics</c>), held by the topic
/// registry for every door: a create with more partitions than allowed, and a new topic (created or auto-created by
/// publishing) past the cluster's count, are refused with one line and a <see cref="TopicRefusal"/> the Kafka edge
/// answers with its own code; dead-letter topics do not count, an existing topic is still answered, and a deleted
/// one makes room. Before, anyone could create a 2,000-partition topic, and as many topics as they liked.
/// </summary>
public sealed class TopicLimitSpecs(ITestOutputHelper output) : BrokerSpec(output, "actors.topics { max-partitions-per-topic = 4, max-topics = 3, default-partitions = 2 }")
{
    [Fact]
    public async Task Should_refuse_a_topic_with_more_partitions_than_allowed_with_one_line()
    {
        var error = await Assert.ThrowsAsync<TopicException>(() => CreateTopic("wide", partitions: 5));
        var refusal = await Broker.Registry.Ask<TopicNotFound>(new CreateTopic(new TopicName("wide"), 5), Wait);

        Assert.Equal("a topic may have 1 to 4 partitions (actors.topics.max-partitions-per-topic), not 5", error.Message);
        Assert.Equal(TopicRefusal.Partitions, refusal.Refusal);
        Assert.Null(await Broker.Client.GetTopicAsync(new TopicName("wide")));
        Assert.Equal(4, (await CreateTopic("wide", partitions: 4)).Partitions);
    }

    [Fact]
    public async Task Should_refuse_a_topic_past_the_cluster_limit_not_counting_dead_letter_topics()
    {
        // arrange: three topics (and their three dead-letter topics) is the limit
        foreach (var name in new[] { "a", "b", "c" }) await CreateTopic(name, partitions: 1);

        // act
        var created = await Assert.ThrowsAsync<TopicException>(() => CreateTopic("d", partitions: 1));
        var published = await Assert.ThrowsAsync<TopicException>(() => PublishAll("e", [(null, "auto-created?")]));
        var refusal = await Broker.Registry.Ask<TopicNotFound>(new CreateTopic(new TopicName("d"), 1), Wait);

        // assert: one line each, the limit named; an existing topic is still answered and published to
        const string Full = "the cluster has 3 topics, the most actors.topics.max-topics allows; delete one first";
        Assert.Equal($"cannot create topic 'd': {Full}", created.Message);
        Assert.Equal($"cannot create topic 'e': {Full}", published.Message);
        Assert.Equal(TopicRefusal.TopicLimit, refusal.Refusal);
        Assert.Equal(1, (await CreateTopic("a", partitions: 1)).Partitions);
        Assert.Single(await PublishAll("a", [(null, "still works")]));

        // a deleted topic makes room
        await Broker.Client.DeleteTopicAsync(new TopicName("b"), Wait);
        Assert.Equal(1, (await CreateTopic("d", partitions: 1)).Partitions);
    }

    [Theory]
    [InlineData("max-partitions-per-topic = 20000", "actors.topics.max-partitions-per-topic must be at most 10000, was 20000")]
    [InlineData("max-partitions-per-topic = 4, default-partitions = 8", "actors.topics.default-partitions (8) must be at most actors.topics.max-partitions-per-topic (4)")]
    [InlineData("max-topics = 0", "actors.topics.max-topics")]
    public void Should_refuse_limits_that_do_not_hold_together(string setting, string problem)
    {
        var error = Assert.Throws<Akka.Configuration.ConfigurationException>(() =>
            TopicsSettings.Create(ActorsSettings.Complete(Akka.Configuration.ConfigurationFactory.ParseString($"actors.topics {{ {setting} }}"))));

        Assert.StartsWith(problem, error.Message);
    }
}
