using Actors.Client;
using Actors.Topics;

namespace Actors.Tests.Topics;

/// <summary>
/// A name ending in the dead-letter suffix (<c>.dlq</c>) belongs to the dead-letter topic the system creates
/// beside each topic. A user could create <c>audit.dlq</c> (explicitly or by publishing to it), which then passed
/// for the dead letters of an <c>audit</c> topic; it is refused with the rule, and the system's own still work.
/// </summary>
public sealed class DeadLetterTopicNameSpecs(ITestOutputHelper output) : BrokerSpec(output)
{
    private const string Refusal = "invalid topic name 'audit.dlq': " + TopicName.Rule + ", and not ending in '.dlq' (kept for the dead-letter topics the system creates)";

    [Fact]
    public async Task Should_refuse_to_create_a_topic_named_with_the_dead_letter_suffix()
    {
        var error = await Assert.ThrowsAsync<TopicException>(() => CreateTopic("audit.dlq", partitions: 1));

        Assert.Equal(Refusal, error.Message);
        Assert.Null(await Broker.Client.GetTopicAsync(new TopicName("audit.dlq")));
    }

    [Fact]
    public async Task Should_refuse_to_create_one_by_publishing_to_it()
    {
        var error = await Assert.ThrowsAsync<TopicException>(() => PublishAll("audit.dlq", [(null, "x")]));

        Assert.Equal(Refusal, error.Message);
        Assert.Null(await Broker.Client.GetTopicAsync(new TopicName("audit.dlq")));
    }

    [Fact]
    public async Task Should_keep_the_dead_letter_topic_the_system_creates_usable()
    {
        // arrange: creating "audit" creates "audit.dlq"
        await CreateTopic("audit", partitions: 2);

        // act: asked for by name, created "again" (the existing one is answered), published to
        var found = await Broker.Client.GetTopicAsync(new TopicName("audit.dlq"));
        var again = await CreateTopic("audit.dlq", partitions: 2);
        var acks = await PublishAll("audit.dlq", [(null, "moved by hand")]);

        // assert
        Assert.NotNull(found);
        Assert.Equal(found, again);
        Assert.Single(acks);
    }

    [Theory]
    [InlineData("audit", ".dlq", null)]
    [InlineData("audit.dlq.x", ".dlq", null)]
    [InlineData("audit.dlq", "", null)]
    [InlineData("audit-dead", "-dead", "invalid topic name 'audit-dead': " + TopicName.Rule + ", and not ending in '-dead' (kept for the dead-letter topics the system creates)")]
    [InlineData("..", ".dlq", "invalid topic name '..': " + TopicName.Rule)]
    public void Should_give_the_one_rule_text_for_names_users_may_not_create(string name, string suffix, string? refusal) =>
        Assert.Equal(refusal, TopicName.RefusedForUsers(name, suffix));

    [Fact]
    public void Should_refuse_a_name_whose_dead_letter_topic_would_be_too_long()
    {
        // a fuzzed Kafka client's 197-character topic crashed the registry creating "<name>.dlq"
        Assert.Null(TopicName.RefusedForUsers(new string('a', 196), ".dlq"));
        Assert.EndsWith("leaving room for the dead-letter topic's '.dlq' (at most 196 characters)", TopicName.RefusedForUsers(new string('a', 197), ".dlq"));
    }
}
