using System.Diagnostics;
using System.Text;
using Actors.Consumers;
using Actors.Diagnostics;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Cluster;

/// <summary>
/// W3C trace context from publish to delivery across two nodes in this process: a message published on one node and
/// consumed by a group member on the other carries <c>traceparent</c> in its headers (through remoting, as any header),
/// and the publishing node's producer span, the partition's journal write (linked to it) and the consuming node's
/// consumer span share one trace id, the consumer span the child of the producer span.
/// </summary>
public sealed class TracingAcrossNodesSpecs : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;
    private readonly InProcessCluster _cluster;

    public TracingAcrossNodesSpecs(ITestOutputHelper output) : base(output: output) =>
        _cluster = new InProcessCluster("tracing", output, sharedJournal: false);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_give_the_publish_and_the_delivery_on_another_node_one_trace_id()
    {
        // arrange: two nodes, the publisher on the first, the consumer on the second; spans of this topic recorded
        const string topic = "traced";
        using var spans = new SpanRecorder(topic);
        var nodes = await _cluster.StartAsync("publisher", "consumer");
        foreach (var node in nodes) Broker.Get(node);
        var publisher = Broker.Get(nodes[0]).Client;
        await publisher.CreateTopicAsync(new TopicName(topic), 1, Wait);
        var consumer = CreateTestProbe(nodes[1]);
        Broker.Get(nodes[1]).Subscribe(new ConsumerSettings(new TopicName(topic), new GroupName("readers"), 10, StartFrom.Earliest), consumer.Ref);

        // act
        await publisher.PublishAsync(new TopicName(topic), Encoding.UTF8.GetBytes("hello"), timeout: Wait);
        var delivery = await consumer.ExpectMsgAsync<Delivery>(Wait);
        consumer.LastSender.Tell(delivery.ToAck(), consumer.Ref);

        // assert: the header, then one producer and one consumer span with one trace id
        Assert.True(delivery.Message.Headers.TryGetValue(ActorsTelemetry.TraceParentHeader, out var traceParent), "the delivered message carries traceparent");
        await _cluster.Until(() => spans.Stopped.Any(s => s.Kind == ActivityKind.Consumer), "the consumer span ended");
        var produced = Assert.Single(spans.Stopped, s => s.Kind == ActivityKind.Producer);
        var processed = Assert.Single(spans.Stopped, s => s.Kind == ActivityKind.Consumer);
        Assert.Equal($"publish {topic}", produced.DisplayName);
        Assert.Equal($"process {topic}", processed.DisplayName);
        Assert.Equal(produced.Id, traceParent);
        Assert.Equal(produced.TraceId, processed.TraceId);
        Assert.Equal(produced.SpanId, processed.ParentSpanId);
        Assert.Equal("readers", processed.GetTagItem("messaging.consumer.group.name"));
        var written = Assert.Single(spans.Stopped, s => s.OperationName == "actors.journal.write");
        Assert.Contains(written.Links, l => l.Context.TraceId == produced.TraceId && l.Context.SpanId == produced.SpanId);
    }
}
