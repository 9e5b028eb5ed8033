using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Bench;

/// <summary>
/// Runs of the broker scenarios on a set of started nodes. Every run uses a fresh topic, so earlier
/// runs' messages and commits do not weigh on it; the publisher lives on the first node.
/// </summary>
public sealed class BrokerScenarios
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly IReadOnlyList<ActorSystem> _nodes;
    private readonly BenchOptions _options;
    private readonly string _label;
    private int _topics;

    public BrokerScenarios(string label, IReadOnlyList<ActorSystem> nodes, BenchOptions options)
    {
        _label = label;
        _nodes = nodes;
        _options = options;
    }

    /// <summary>Publish-with-confirm only: no consumers.</summary>
    public async Task<RunResult> PublishAsync(int messages)
    {
        var topic = await NewTopicAsync();
        return await PublishAsync(topic, messages);
    }

    /// <summary>
    /// Consume-with-ack: one consumer of one group on every node, subscribed before publishing starts;
    /// throughput is messages / (first publish → last first delivery), latency is publish→delivery.
    /// </summary>
    public async Task<RunResult> ConsumeAsync(int messages)
    {
        var topic = await NewTopicAsync();
        var tracker = new DeliveryTracker(messages);
        var group = new GroupName("bench");
        var consumers = _nodes.Select(node =>
        {
            var consumer = node.ActorOf(Consumer.Props(tracker));
            Broker.Get(node).Subscribe(new ConsumerSettings(topic, group, _options.Prefetch, StartFrom.Earliest), consumer);
            return (node, consumer);
        }).ToList();
        await WaitForConsumersAsync(topic, group);

        tracker.Start();
        var publishing = PublishAsync(topic, messages);
        var delivered = await tracker.Done.WaitAsync(Timeout * 5);
        await publishing;
        foreach (var (node, consumer) in consumers) node.Stop(consumer);
        return delivered;
    }

    /// <summary>How many partitions of the last topic each node hosts (to show they are spread).</summary>
    public async Task<string> PlacementAsync()
    {
        var counts = await Task.WhenAll(_nodes.Select(async n =>
            (await Akka.Cluster.Sharding.ClusterSharding.Get(n).ShardRegion(Broker.PartitionTypeName)
                .Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, Timeout))
            .Shards.Sum(s => s.EntityIds.Count)));
        return string.Join(" / ", counts);
    }

    private async Task<RunResult> PublishAsync(TopicName topic, int messages)
    {
        var node = _nodes[0];
        var done = new TaskCompletionSource<RunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisher = node.ActorOf(Publisher.Props(Broker.Get(node).TopicRef(topic), topic, messages, _options.Window, _options.PayloadBytes, done));
        var result = await done.Task.WaitAsync(Timeout * 5);
        node.Stop(publisher);
        return result;
    }

    /// <summary>Creates the run's topic and waits until its partitions have started (so a run does not time recovery).</summary>
    private async Task<TopicName> NewTopicAsync()
    {
        var topic = new TopicName($"{_label}-{++_topics}");
        var client = Broker.Get(_nodes[0]).Client;
        await client.CreateTopicAsync(topic, _options.Partitions, Timeout);
        await client.GetStatusAsync(topic, Timeout);
        return topic;
    }

    private async Task WaitForConsumersAsync(TopicName topic, GroupName group)
    {
        var client = Broker.Get(_nodes[0]).Client;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stableSince = TimeSpan.MaxValue;
        while (true)
        {
            var status = await client.GetStatusAsync(topic, Timeout);
            var subscribed = status.Count == _options.Partitions && status.All(p => p.Groups.Any(g => g.Group == group && g.HasConsumer));
            // Members join one by one and the group rebalances: wait until every partition has had a consumer for a second.
            stableSince = subscribed ? TimeSpan.FromTicks(Math.Min(stableSince.Ticks, clock.Elapsed.Ticks)) : TimeSpan.MaxValue;
            if (subscribed && clock.Elapsed - stableSince > TimeSpan.FromSeconds(1)) return;
            if (clock.Elapsed > Timeout) throw new TimeoutException($"consumers of {topic} not subscribed to every partition");
            await Task.Delay(100);
        }
    }
}
