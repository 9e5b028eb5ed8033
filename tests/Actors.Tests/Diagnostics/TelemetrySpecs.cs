using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Actors.Consumers;
using Actors.Diagnostics;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Diagnostics;

/// <summary>
/// The <c>Actors</c> meter seen through a <see cref="MeterListener"/>, as an OpenTelemetry SDK would see it: publishing
/// and consuming N messages shows N on the published, delivered, sent and consumed counters of the topic, the journal's
/// batch sizes add up to N, and the lag gauge reads N while nothing is acked and 0 once all is. Measurements are kept
/// per topic (a fresh one here), so specs running beside this one do not count.
/// </summary>
public sealed class TelemetrySpecs(ITestOutputHelper output) : BrokerSpec(output)
{
    private const int N = 25;

    [Fact]
    public async Task Should_count_published_and_delivered_messages_and_show_lag_until_acked()
    {
        // arrange: a listener on every instrument of the Actors meter, summing per instrument for this topic
        const string topic = "metered";
        using var meters = new TopicMeters(topic);
        await CreateTopic(topic, 1);

        // act: publish N, then consume them without acking
        await PublishAll(topic, Enumerable.Range(0, N).Select(i => ((string?)null, $"m{i}")));
        Consume(topic, "readers", TestActor, prefetch: 100);
        var deliveries = new List<(Delivery Delivery, IActorRef Member)>();
        for (var i = 0; i < N; i++) deliveries.Add((await ExpectMsgAsync<Delivery>(Wait), LastSender));

        // assert: no span sampled this topic, so no trace header was added; lag N while nothing is acked
        Assert.All(deliveries, d => Assert.False(d.Delivery.Message.Headers.ContainsKey(ActorsTelemetry.TraceParentHeader)));
        await AwaitConditionAsync(() => Task.FromResult(meters.Lag("readers") == N), Wait, TimeSpan.FromMilliseconds(50), "the lag gauge reads N before any ack");

        // act: ack all
        foreach (var (delivery, member) in deliveries) member.Tell(delivery.ToAck(), TestActor);

        // assert: lag 0, and the counters show N
        await AwaitConditionAsync(() => Task.FromResult(meters.Lag("readers") == 0), Wait, TimeSpan.FromMilliseconds(50), "the lag gauge reads 0 once all is acked");
        Assert.Equal(N, meters.Sum("actors.partition.published.messages"));
        Assert.Equal(N, meters.Sum("actors.partition.delivered.messages"));
        Assert.Equal(N, meters.Sum("messaging.client.sent.messages"));
        Assert.Equal(N, meters.Sum("messaging.client.consumed.messages"));
        Assert.Equal(N, meters.Sum("actors.journal.batch.size"));
        Assert.Equal(0, meters.Sum("actors.partition.redelivered.messages"));
        Assert.True(meters.Sum("actors.partition.published.bytes") >= N * 2, "published bytes counted");
        Assert.Equal(meters.Sum("actors.partition.published.bytes"), meters.Sum("actors.partition.delivered.bytes"));
        Assert.Equal(N, meters.Count("messaging.client.operation.duration"));
        Assert.True(meters.Count("actors.journal.write.duration") >= 1, "journal writes timed");
    }

    [Fact]
    public async Task Should_observe_hosted_partitions_and_cluster_members_of_this_node()
    {
        // arrange
        using var meters = new TopicMeters("hosted");
        await CreateTopic("hosted", 2);
        await Broker.Client.GetStatusAsync(new TopicName("hosted")); // asks (so starts) both partitions
        var node = NodeCounts.NodeName(Sys);

        // act
        var observed = meters.Observe(node);

        // assert: this node's gauges (other specs' nodes have their own actors.node)
        Assert.True(observed.TryGetValue("actors.partitions.hosted", out var partitions) && partitions >= 2, $"partitions hosted: {partitions}");
        Assert.Equal(1, observed.GetValueOrDefault("actors.cluster.members/up"));
    }

    /// <summary>Sums (and counts) every long or double measurement of the Actors meter tagged with the topic.</summary>
    private sealed class TopicMeters : IDisposable
    {
        private readonly string _topic;
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, double> _sums = new();
        private readonly ConcurrentDictionary<string, long> _counts = new();
        private readonly ConcurrentDictionary<string, long> _lag = new();
        private readonly ConcurrentDictionary<string, long> _node = new();
        private string? _nodeName;

        public TopicMeters(string topic)
        {
            _topic = topic;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ActorsTelemetry.MeterName) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Measured(i, value, tags));
            _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Measured(i, value, tags));
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Measured(i, value, tags));
            _listener.Start();
        }

        public long Sum(string instrument) => (long)_sums.GetValueOrDefault(instrument);

        public long Count(string instrument) => _counts.GetValueOrDefault(instrument);

        /// <summary>The lag gauge's reading for <paramref name="group"/> (summed over the topic's partitions); -1 before any.</summary>
        public long Lag(string group)
        {
            _lag.Clear();
            _listener.RecordObservableInstruments();
            return _lag.IsEmpty ? -1 : _lag.Where(l => l.Key.EndsWith("/" + group, StringComparison.Ordinal)).Sum(l => l.Value);
        }

        /// <summary>The node gauges of <paramref name="node"/>: name (with /status for members) to value.</summary>
        public IReadOnlyDictionary<string, long> Observe(string node)
        {
            _nodeName = node;
            _node.Clear();
            _listener.RecordObservableInstruments();
            return new Dictionary<string, long>(_node);
        }

        public void Dispose() => _listener.Dispose();

        private void Measured(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? topic = null, partition = null, group = null, node = null, status = null;
            object? reachable = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "messaging.destination.name": topic = tag.Value as string; break;
                    case "messaging.destination.partition.id": partition = tag.Value as string; break;
                    case "messaging.consumer.group.name": group = tag.Value as string; break;
                    case "actors.node": node = tag.Value as string; break;
                    case "actors.member.status": status = tag.Value as string; break;
                    case "actors.member.reachable": reachable = tag.Value; break;
                }
            }

            if (node is not null && node == _nodeName)
            {
                var key = status is null ? instrument.Name : $"{instrument.Name}/{status}";
                if (reachable is not false) _node[key] = (long)value;
                return;
            }

            if (topic != _topic) return;
            if (instrument.Name == "actors.consumer.lag")
            {
                _lag[$"{partition}/{group}"] = (long)value;
                return;
            }

            _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            _counts.AddOrUpdate(instrument.Name, 1, (_, count) => count + 1);
        }
    }
}
