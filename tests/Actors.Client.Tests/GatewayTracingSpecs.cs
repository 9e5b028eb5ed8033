using System.Diagnostics;
using System.Text;
using Actors.Diagnostics;
using Actors.Testing;
using Actors.Topics;

namespace Actors.Client.Tests;

/// <summary>
/// Trace context through a node's gateway: a publish from a <see cref="GatewayClient"/> program gets a producer span in
/// that program and carries its context to the node, and a message read with <see cref="GatewayClient.ConsumeAsync"/>
/// hands it back (<see cref="ConsumedMessage.TraceContext"/>, <see cref="ConsumedMessage.StartProcessing"/>): the
/// reader's processing span is the publish span's child.
/// </summary>
public sealed class GatewayTracingSpecs(NodeFixture node, ITestOutputHelper output) : TestKit(output: output), IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_continue_a_gateway_clients_publish_trace_in_the_readers_processing_span()
    {
        // arrange
        const string name = "gateway-traced";
        using var spans = new SpanRecorder(name);
        var topic = new TopicName(name);
        await node.Broker.Client.CreateTopicAsync(topic, 1);
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);

        // act: publish through the gateway, read it back, process it in a span
        await client.Topics.PublishAsync(topic, Encoding.UTF8.GetBytes("hello"), timeout: Wait);
        using var deadline = new CancellationTokenSource(Wait);
        ActivityContext carried = default;
        await foreach (var message in client.ConsumeAsync(topic, new GroupName("readers"), cancellationToken: deadline.Token))
        {
            carried = message.TraceContext;
            using (message.StartProcessing()) message.Ack();
            break;
        }

        // assert: one trace from the client's publish to the reader's processing
        var produced = Assert.Single(spans.Stopped, s => s.Kind == ActivityKind.Producer);
        Assert.Equal(produced.TraceId, carried.TraceId);
        Assert.Equal(produced.SpanId, carried.SpanId);
        Assert.Contains(spans.Stopped, s => s.Kind == ActivityKind.Consumer && s.ParentSpanId == produced.SpanId && s.TraceId == produced.TraceId);
    }
}
