using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

public sealed class DeadLetterOutboxSpecs
{
    private static readonly StoredMessage Stored =
        new(42, new TopicMessage("k", [7], new Dictionary<string, string> { ["trace"] = "abc" }, DateTimeOffset.UnixEpoch));

    [Fact]
    public void Should_publish_the_message_with_where_it_came_from_and_how_often_it_failed()
    {
        // arrange
        var outbox = new DeadLetterOutbox(new TopicName("orders"), 3);

        // act
        var publish = outbox.Send(new TopicName("orders.dlq"), new GroupName("billing"), Stored, attempts: 5);

        // assert
        Assert.Equal(("orders.dlq", "k", (byte)7), (publish.Topic.Value, publish.Key, publish.Payload.Single()));
        Assert.Equal(new Dictionary<string, string>
        {
            ["trace"] = "abc",
            [DeadLetterHeaders.Topic] = "orders",
            [DeadLetterHeaders.Partition] = "3",
            [DeadLetterHeaders.Offset] = "42",
            [DeadLetterHeaders.Group] = "billing",
            [DeadLetterHeaders.Attempts] = "5",
        }, publish.Headers);
    }

    [Fact]
    public void Should_match_each_confirm_to_its_offset_once()
    {
        var outbox = new DeadLetterOutbox(new TopicName("orders"), 3);
        var first = outbox.Send(new TopicName("orders.dlq"), new GroupName("billing"), Stored, 5);
        var second = outbox.Send(new TopicName("orders.dlq"), new GroupName("audit"), Stored with { Offset = 43 }, 5);

        Assert.NotEqual(first.CorrelationId, second.CorrelationId);
        Assert.True(outbox.TryComplete(second.CorrelationId, out var moved));
        Assert.Equal((new GroupName("audit"), 43L), moved);
        Assert.False(outbox.TryComplete(second.CorrelationId, out _));
        Assert.False(outbox.TryComplete(999, out _));
    }
}
