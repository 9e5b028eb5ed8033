using System.Diagnostics;
using Actors.Consumers;
using Actors.Diagnostics;
using Actors.Kafka.Records;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// The Kafka edge continues a Kafka client's trace: a record produced with a <c>traceparent</c> header gets a producer
/// span on the edge, child of that context, whose context the stored message carries on; a native consumer's span and
/// a Kafka fetch then carry the same trace id.
/// </summary>
public sealed class EdgeTracingSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = EdgeFixture.Wait;
    private readonly EdgeFixture _edge = new("edge-tracing", output);

    public async Task InitializeAsync()
    {
        await _edge.StartAsync("a");
        await Broker.Get(_edge.Nodes[0]).Client.CreateTopicAsync(new TopicName("kafka-traced"), 1, Wait);
    }

    public Task DisposeAsync() => _edge.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_continue_a_records_traceparent_through_the_edge_to_a_native_consumer_and_a_fetch()
    {
        // arrange: a client's trace context, and a native consumer of the topic
        using var spans = new SpanRecorder("kafka-traced");
        var clientTrace = ActivityTraceId.CreateRandom();
        var clientSpan = ActivitySpanId.CreateRandom();
        var traceParent = $"00-{clientTrace}-{clientSpan}-01";
        var received = new TaskCompletionSource<Delivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = _edge.Nodes[0];
        var consumer = node.ActorOf(Props.Create(() => new FirstDelivery(received)));
        Broker.Get(node).Subscribe(new ConsumerSettings(new TopicName("kafka-traced"), new GroupName("native"), 10, StartFrom.Earliest), consumer);
        await using var client = await _edge.ConnectAsync();

        // act: produce one record with the header, then fetch it back
        var batch = RecordBatch.Of([new KafkaRecord(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), null, Encoding.UTF8.GetBytes("v"),
            [new RecordHeader(ActorsTelemetry.TraceParentHeader, Encoding.UTF8.GetBytes(traceParent))])]);
        var produced = await EdgeFixture.AskAsync<ProduceResponse>(client, new ProduceRequest
        {
            Acks = -1,
            TopicData = [new ProduceRequest.Topic { Name = "kafka-traced", PartitionData = [new() { Index = 0, Records = RecordBatchWriter.ToBytes(batch) }] }],
        }, 8);
        var delivery = await received.Task.WaitAsync(Wait);
        var fetched = await EdgeFixture.AskAsync<FetchResponse>(client, new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 1,
            MaxBytes = 1024 * 1024,
            Topics = [new FetchRequest.Topic { Name = "kafka-traced", Partitions = [new() { PartitionIndex = 0, FetchOffset = 0, PartitionMaxBytes = 1024 * 1024 }] }],
        }, 11, TimeSpan.FromMinutes(2));

        // assert: the edge's span is the client span's child; the delivery and the fetched record carry its context
        Assert.Equal(0, produced.Responses[0].PartitionResponses[0].ErrorCode);
        await _edge.Cluster.Until(() => spans.Stopped.Any(s => s.Kind == ActivityKind.Consumer), "the native consumer's span ended");
        var edge = Assert.Single(spans.Stopped, s => s.Kind == ActivityKind.Producer);
        Assert.Equal(clientTrace, edge.TraceId);
        Assert.Equal(clientSpan, edge.ParentSpanId);
        Assert.Equal(edge.Id, delivery.Message.Headers[ActorsTelemetry.TraceParentHeader]);
        Assert.Equal(clientTrace, Assert.Single(spans.Stopped, s => s.Kind == ActivityKind.Consumer).TraceId);
        var record = RecordBatchReader.ReadAll(fetched.Responses.Single().Partitions.Single().Records!.Value).SelectMany(b => b.Records).Single();
        var header = Assert.Single(record.Headers, h => h.Key == ActorsTelemetry.TraceParentHeader);
        Assert.Equal(clientTrace, ActivityContext.Parse(Encoding.UTF8.GetString(header.Value!.Value.Span), null).TraceId);
    }

    [Fact]
    public async Task Should_count_the_edges_connections_and_requests_by_api()
    {
        // arrange: a listener on the Actors.Kafka meter (other specs' edges count too, so only increments are checked)
        var opened = 0;
        var produces = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ActorsTelemetry.KafkaMeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "actors.kafka.connections" && value > 0) Interlocked.Increment(ref opened);
            if (instrument.Name != "actors.kafka.requests") return;
            string? api = null, error = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "kafka.api") api = tag.Value as string;
                if (tag.Key == "error.type") error = tag.Value as string;
            }

            if ((api, error) == ("Produce", "none")) Interlocked.Increment(ref produces);
        });
        listener.Start();

        // act
        await using var client = await _edge.ConnectAsync();
        var batch = RecordBatch.Of([new KafkaRecord(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), null, Encoding.UTF8.GetBytes("v"), [])]);
        await EdgeFixture.AskAsync<ProduceResponse>(client, new ProduceRequest
        {
            Acks = -1,
            TopicData = [new ProduceRequest.Topic { Name = "kafka-traced", PartitionData = [new() { Index = 0, Records = RecordBatchWriter.ToBytes(batch) }] }],
        }, 8);

        // assert
        await _edge.Cluster.Until(() => Volatile.Read(ref produces) >= 1, "the produce counted");
        Assert.True(Volatile.Read(ref opened) >= 1, "the connection counted");
    }

    /// <summary>Completes with the first delivery and acks each.</summary>
    private sealed class FirstDelivery : ReceiveActor
    {
        public FirstDelivery(TaskCompletionSource<Delivery> first) => Receive<Delivery>(d =>
        {
            first.TrySetResult(d);
            Sender.Tell(d.ToAck());
        });
    }
}
