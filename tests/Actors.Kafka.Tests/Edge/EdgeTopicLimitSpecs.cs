using Actors.Kafka.Server;
using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// The topic registry's limits through the Kafka door: CreateTopics with more partitions than
/// <c>actors.topics.max-partitions-per-topic</c> is INVALID_PARTITIONS (validate_only too), and a topic past
/// <c>max-topics</c> is POLICY_VIOLATION (a rule of the cluster, not a throttle a client should retry), each with
/// the registry's one-line message; nothing is created.
/// </summary>
public sealed class EdgeTopicLimitSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = EdgeFixture.Wait;
    private readonly EdgeFixture _edge = new("edge-limits", output, "actors.topics { max-partitions-per-topic = 4, max-topics = 2, default-partitions = 2 }");

    public Task InitializeAsync() => _edge.StartAsync("a");

    public Task DisposeAsync() => _edge.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_answer_too_many_partitions_with_invalid_partitions_and_too_many_topics_with_policy_violation()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();

        // act
        var wide = await CreateAsync(client, "wide", 5, validateOnly: false);
        var wideChecked = await CreateAsync(client, "wide", 5, validateOnly: true);
        var first = await CreateAsync(client, "first", 4, validateOnly: false);
        var second = await CreateAsync(client, "second", -1, validateOnly: false);
        var third = await CreateAsync(client, "third", 1, validateOnly: false);

        // assert
        Assert.Equal((short)ErrorCode.InvalidPartitions, wide.ErrorCode);
        Assert.Equal("a topic may have 1 to 4 partitions (actors.topics.max-partitions-per-topic), not 5", wide.ErrorMessage);
        Assert.Equal((short)ErrorCode.InvalidPartitions, wideChecked.ErrorCode);
        Assert.Equal((0, 0), (first.ErrorCode, second.ErrorCode));
        Assert.Equal((short)ErrorCode.PolicyViolation, third.ErrorCode);
        Assert.Equal("cannot create topic 'third': the cluster has 2 topics, the most actors.topics.max-topics allows; delete one first", third.ErrorMessage);
        foreach (var name in new[] { "wide", "third" })
            Assert.Null(await Broker.Get(_edge.Nodes[0]).Client.GetTopicAsync(new TopicName(name), Wait));
    }

    private static async Task<CreateTopicsResponse.Topic> CreateAsync(RawClient client, string name, int partitions, bool validateOnly) =>
        (await EdgeFixture.AskAsync<CreateTopicsResponse>(client, new CreateTopicsRequest
        {
            Topics = [new CreateTopicsRequest.Topic { Name = name, NumPartitions = partitions, ReplicationFactor = 1 }],
            ValidateOnly = validateOnly,
        }, 4)).Topics.Single();
}
