using System.Text;
using Actors.Topics;

namespace Actors.Client.Tests;

/// <summary>
/// <see cref="GatewayClient.ConsumeAsync"/> as code that is not an actor uses it: <c>await foreach</c> over a
/// topic, ack each message, stop with <c>break</c> or a cancelled token; what was acked never comes again, and the
/// consumer leaves its group when the enumeration ends.
/// </summary>
public sealed class ConsumeAsyncSpecs(NodeFixture node, ITestOutputHelper output) : TestKit(output: output), IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_receive_n_messages_ack_them_and_get_none_of_them_again()
    {
        // arrange
        var topic = new TopicName("async-orders");
        await PublishAsync(topic, "m0", "m1", "m2", "m3", "m4");
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);

        // act: read five, ack each, break
        var first = await ReadAsync(client, topic, "billing", 5);

        // assert: all five in order; after one more publish, the group's next read starts after them
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], first);
        await PublishAsync(topic, "m5");
        Assert.Equal(["m5"], await ReadAsync(client, topic, "billing", 1));
    }

    [Fact]
    public async Task Should_end_the_enumeration_without_an_exception_and_leave_the_group_when_cancelled()
    {
        // arrange
        var topic = new TopicName("async-cancel");
        await PublishAsync(topic, "a", "b", "c");
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        using var cancel = new CancellationTokenSource();
        var received = new List<string>();

        // act: cancel after the first message
        var reading = Task.Run(async () =>
        {
            await foreach (var message in client.ConsumeAsync(topic, new GroupName("leaver"), cancellationToken: cancel.Token))
            {
                received.Add(Encoding.UTF8.GetString(message.Payload));
                message.Ack();
                await cancel.CancelAsync();
            }
        });

        // assert: the loop ended by itself (no OperationCanceledException), and the group has no consumer left
        await reading.WaitAsync(Wait);
        Assert.Equal(["a"], received);
        await AwaitAssertAsync(async () =>
        {
            var status = await node.Broker.Client.GetStatusAsync(topic);
            Assert.False(status.Single().Groups.Single(g => g.Group.Value == "leaver").HasConsumer, "the consumer should have left the group");
        }, Wait, TimeSpan.FromMilliseconds(100));
    }

    private async Task PublishAsync(TopicName topic, params string[] bodies)
    {
        await node.Broker.Client.CreateTopicAsync(topic, 1);
        foreach (var body in bodies) await node.Broker.Client.PublishAsync(topic, Encoding.UTF8.GetBytes(body), "k");
    }

    /// <summary>Reads <paramref name="count"/> messages (acking each) and breaks; gives up, with what it has, after <see cref="Wait"/>.</summary>
    private static Task<List<string>> ReadAsync(GatewayClient client, TopicName topic, string group, int count) =>
        Reading.ReadAsync(client, topic, group, count, Wait);
}
