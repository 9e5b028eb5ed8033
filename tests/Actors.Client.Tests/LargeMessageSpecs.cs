using Actors.Topics;

namespace Actors.Client.Tests;

/// <summary>
/// Messages up to <c>actors.topics.max-message-size</c> (1 MiB) go through a client outside the cluster both ways
/// (publish and consume, each over the client's remoting); one byte more is refused by the client itself, at once,
/// with an <see cref="ArgumentException"/> that says the size and the limit.
/// </summary>
public sealed class LargeMessageSpecs(NodeFixture node, ITestOutputHelper output) : TestKit(output: output), IClassFixture<NodeFixture>
{
    private const int MiB = 1024 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_publish_and_consume_a_message_just_under_the_limit()
    {
        // arrange: the limit counts payload, key and headers
        var topic = new TopicName("large-client");
        var payload = Enumerable.Range(0, MiB - 64).Select(i => (byte)i).ToArray();
        var headers = new Dictionary<string, string> { ["h"] = new('v', 40) };
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);

        // act
        var ack = await client.Topics.PublishAsync(topic, payload, "key", headers, Wait);
        ConsumedMessage? read = null;
        await foreach (var message in client.ConsumeAsync(topic, new GroupName("large")))
        {
            read = message;
            message.Ack();
            break;
        }

        // assert
        Assert.Equal(0, ack.Offset);
        Assert.Equal(payload, read!.Payload);
        Assert.Equal(("key", headers["h"]), (read.Key, read.Headers["h"]));
    }

    [Fact]
    public async Task Should_refuse_a_message_one_byte_over_the_limit_before_sending_it()
    {
        var topic = new TopicName("large-refused");
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        await client.Topics.CreateTopicAsync(topic, 1, Wait);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Topics.PublishAsync(topic, new byte[MiB + 1], timeout: Wait));

        Assert.Contains($"message of {MiB + 1} bytes is over the limit of 1 MiB", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"refused after {clock.Elapsed}, not at once");
        Assert.Equal(0, (await client.Topics.GetStatusAsync(topic, Wait)).Sum(p => p.EndOffset));
    }
}
