using System.Collections.Concurrent;
using System.Text;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace Actors.Tests.Cluster;

/// <summary>
/// Three nodes in one process on loopback, sharing one SQLite journal (the shared <see cref="InProcessCluster"/>). 10,000 keyed messages are published
/// and consumed by a group of three; mid-way the node that hosts the most partitions is killed (its actor
/// system stops without leaving). Every confirmed message must be delivered at least once, first deliveries
/// must keep per-key order, and after the whole cluster restarts the committed offsets and the unconsumed
/// messages are still there.
/// </summary>
public sealed class ThreeNodeFailoverSpecs : IAsyncLifetime
{
    private const int Messages = 10_000;
    private const int Keys = 50;
    private static readonly TimeSpan Wait = InProcessCluster.Wait;
    private static readonly TopicName Topic = new("failover");
    private static readonly GroupName Group = new("workers");
    private readonly ITestOutputHelper _output;
    private readonly InProcessCluster _cluster;
    private readonly ConcurrentQueue<(string Node, string Key, int Seq)> _deliveries = new();
    private readonly Dictionary<ActorSystem, IActorRef> _recorders = [];

    public ThreeNodeFailoverSpecs(ITestOutputHelper output)
    {
        _output = output;
        _cluster = new InProcessCluster("failover", output, "actors.topics.visibility-timeout = 3s");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_deliver_every_confirmed_message_in_key_order_through_a_node_crash_and_a_restart()
    {
        var nodes = await StartClusterAsync("a", "b", "c");
        await Broker.Get(nodes[0]).Client.CreateTopicAsync(Topic, 6, Wait);
        foreach (var node in nodes) StartConsumer(node);

        var confirmed = new ConcurrentBag<(string Key, int Seq)>();
        var publishing = PublishAsync(nodes[0], confirmed);

        // Mid-way: kill the node (not the publisher's) that hosts the most partitions.
        await Until(() => _deliveries.Count >= Messages / 3, "a third of the messages delivered before the crash");
        var victim = await BusiestOf(nodes[1], nodes[2]);
        _output.WriteLine($"killing {Akka.Cluster.Cluster.Get(victim).SelfAddress} with {_deliveries.Count} deliveries so far");
        await Kill(victim);
        var survivors = nodes.Where(n => n != victim).ToList();
        await Until(() => survivors.All(s => Akka.Cluster.Cluster.Get(s).State.Members.Count == 2), "the survivors downed and removed the dead node");

        await publishing;
        _output.WriteLine($"{confirmed.Count} of {Messages} publishes confirmed");
        Assert.True(confirmed.Count >= Messages * 9 / 10, $"most publishes should be confirmed, got {confirmed.Count}");

        await Until(() =>
        {
            var delivered = _deliveries.Select(d => (d.Key, d.Seq)).ToHashSet();
            return confirmed.All(delivered.Contains);
        }, "every confirmed message delivered at least once");
        AssertFirstDeliveriesInKeyOrder();

        // Stop consuming, publish some more that nobody consumes, then restart the whole cluster.
        await WaitForCommits(survivors[0], confirmedAll: confirmed.Count);
        // Stop the recorders and wait until they are gone, so none of them acks a late message.
        await Task.WhenAll(_recorders.Where(r => survivors.Contains(r.Key)).Select(r => r.Value.GracefulStop(Wait)));
        for (var i = 0; i < 100; i++)
            await Broker.Get(survivors[0]).Client.PublishAsync(Topic, Payload(i), $"late{i % 5}", timeout: Wait);

        // A publish whose confirm timed out during the crash may still be written (at-least-once), so the
        // state to keep is the one right before the shutdown, not a count of confirms.
        var before = await Broker.Get(survivors[0]).Client.GetStatusAsync(Topic, Wait);
        Describe("before the restart", before);
        await Task.WhenAll(survivors.Select(s => CoordinatedShutdown.Get(s).Run(CoordinatedShutdown.ClusterLeavingReason.Instance)));
        _deliveries.Clear();

        var restarted = await StartClusterAsync("d", "e", "f");
        var after = await Broker.Get(restarted[0]).Client.GetStatusAsync(Topic, Wait);
        Describe("after the restart", after);
        Assert.Equal(Positions(before), Positions(after));
        var unconsumed = after.Sum(p => p.EndOffset - p.Groups.Single(g => g.Group == Group).CommittedOffset);
        Assert.InRange(unconsumed, 100, 100 + (Messages - confirmed.Count));

        StartConsumer(restarted[1]);
        await Until(() => _deliveries.Count == unconsumed, $"the {unconsumed} uncommitted messages delivered after the restart");
        Assert.Equal(100, _deliveries.Count(d => d.Key.StartsWith("late", StringComparison.Ordinal)));
    }

    private static IEnumerable<(int, long, long, long)> Positions(IReadOnlyList<PartitionStatus> status) =>
        status.OrderBy(p => p.Partition).Select(p => (p.Partition, p.StartOffset, p.EndOffset, p.Groups.Single(g => g.Group == Group).CommittedOffset));

    private void Describe(string when, IReadOnlyList<PartitionStatus> status)
    {
        foreach (var p in status)
            _output.WriteLine($"{when}: partition {p.Partition} offsets {p.StartOffset}..{p.EndOffset} " +
                string.Join(" ", p.Groups.Select(g => $"{g.Group}={g.CommittedOffset} in-flight {g.InFlight}")));
    }

    private void AssertFirstDeliveriesInKeyOrder()
    {
        var seen = new HashSet<(string, int)>();
        var lastByKey = new Dictionary<string, int>();
        foreach (var (_, key, seq) in _deliveries)
        {
            if (!seen.Add((key, seq))) continue;
            if (lastByKey.TryGetValue(key, out var last))
                Assert.True(seq > last, $"key {key}: first delivery of #{seq} came after #{last}");
            lastByKey[key] = seq;
        }
    }

    private async Task PublishAsync(ActorSystem node, ConcurrentBag<(string Key, int Seq)> confirmed)
    {
        var client = Broker.Get(node).Client;
        using var window = new SemaphoreSlim(200);
        var tasks = new List<Task>();
        for (var i = 0; i < Messages; i++)
        {
            // Each publish is sent before the next (in key order); only the confirms are awaited concurrently.
            await window.WaitAsync();
            tasks.Add(PublishOne(client, $"k{i % Keys}", i, confirmed, window));
        }

        await Task.WhenAll(tasks);
    }

    private static async Task PublishOne(Actors.Client.TopicClient client, string key, int seq, ConcurrentBag<(string Key, int Seq)> confirmed, SemaphoreSlim window)
    {
        try
        {
            await client.PublishAsync(Topic, Payload(seq), key, timeout: TimeSpan.FromSeconds(20));
            confirmed.Add((key, seq));
        }
        catch (Exception e) when (e is AskTimeoutException or Actors.Client.TopicException)
        {
        }
        finally
        {
            window.Release();
        }
    }

    private static byte[] Payload(int seq) => Encoding.UTF8.GetBytes(seq.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private void StartConsumer(ActorSystem node)
    {
        var name = Akka.Cluster.Cluster.Get(node).SelfAddress.ToString();
        var deliveries = _deliveries;
        var consumer = node.ActorOf(Props.Create(() => new Recorder(name, deliveries)), "consumer");
        _recorders[node] = consumer;
        Broker.Get(node).Subscribe(new ConsumerSettings(Topic, Group, 50, StartFrom.Earliest), consumer);
    }

    private Task WaitForCommits(ActorSystem node, int confirmedAll)
    {
        static long Committed(IReadOnlyList<PartitionStatus> status) => status.Sum(p => p.Groups.Single(g => g.Group == Group).CommittedOffset);
        return Poll.UntilAsync(() => Broker.Get(node).Client.GetStatusAsync(Topic, Wait),
            status => Committed(status) == status.Sum(p => p.EndOffset) && Committed(status) >= confirmedAll, Wait,
            $"every message committed, at least the {confirmedAll} confirmed", status => $"{Committed(status)} of {status.Sum(p => p.EndOffset)} committed");
    }

    private async Task<List<ActorSystem>> StartClusterAsync(params string[] names)
    {
        var systems = await _cluster.StartAsync(names);
        foreach (var system in systems) Broker.Get(system);
        return systems;
    }

    /// <summary>The node hosting more shards of partitions.</summary>
    private static async Task<ActorSystem> BusiestOf(params ActorSystem[] nodes)
    {
        var counts = await Task.WhenAll(nodes.Select(async n =>
            (await ClusterSharding.Get(n).ShardRegion(Broker.PartitionTypeName).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Wait)).Shards.Count));
        return nodes[Array.IndexOf(counts, counts.Max())];
    }

    private static Task Kill(ActorSystem node) => InProcessCluster.CrashAsync(node);

    private Task Until(Func<bool> condition, string what) => _cluster.Until(condition, what);

    /// <summary>Records each delivery (node, key, sequence number) and acks it.</summary>
    private sealed class Recorder : ReceiveActor
    {
        public Recorder(string node, ConcurrentQueue<(string, string, int)> deliveries) =>
            Receive<Delivery>(d =>
            {
                deliveries.Enqueue((node, d.Message.Key ?? "", int.Parse(Encoding.UTF8.GetString(d.Message.Payload), System.Globalization.CultureInfo.InvariantCulture)));
                Sender.Tell(d.ToAck());
            });
    }
}
