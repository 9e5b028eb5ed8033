using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;
using Akka.Cluster.Sharding;

namespace Actors.Tests.Cluster;

/// <summary>
/// Keyed publishing with hundreds of publishes in flight while the node hosting partitions crashes (its actor system
/// stops dead, as on kill -9), with the publisher on another node. Each publish waits for its confirm as long as a
/// hand-over takes: every one must be confirmed, and the topic (read back offset by offset) must hold each key's
/// messages exactly once and in publish order: nothing lost, nothing written twice by a resend, nothing overtaken.
/// </summary>
public sealed class IdempotentPublishingSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 6_000;
    private const int Keys = 40;
    private const int InFlight = 400;
    private static readonly TimeSpan Wait = InProcessCluster.Wait;
    private static readonly TopicName Topic = new("keyed");
    private readonly InProcessCluster _cluster = new("idempotent", output);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_keep_each_keys_messages_once_and_in_order_when_a_partitions_node_crashes()
    {
        // arrange: three nodes, six partitions spread over them, the publisher on the first
        var nodes = await _cluster.StartAsync("a", "b", "c");
        foreach (var node in nodes) Broker.Get(node);
        var client = Broker.Get(nodes[0]).Client;
        await client.CreateTopicAsync(Topic, 6, Wait);
        var confirmed = 0;
        var failures = new ConcurrentQueue<string>();
        var publishing = PublishAsync(client, () => Interlocked.Increment(ref confirmed), failures);

        // act: with a quarter confirmed, crash the other node that hosts the most partitions
        await _cluster.Until(() => Volatile.Read(ref confirmed) >= Messages / 4, "a quarter of the publishes confirmed");
        var victim = await BusiestOf(nodes[1], nodes[2]);
        _cluster.Log($"crashing {Akka.Cluster.Cluster.Get(victim).SelfAddress} with {Volatile.Read(ref confirmed)} confirmed");
        await InProcessCluster.CrashAsync(victim);
        var survivor = nodes.Single(n => n != nodes[0] && n != victim);
        await _cluster.Until(() => Akka.Cluster.Cluster.Get(survivor).State.Members.Count == 2, "the survivors removed the crashed node");
        await publishing;

        // assert: every publish confirmed, and the log holds each key's messages once, in publish order
        Assert.True(failures.IsEmpty, $"{failures.Count} publishes failed, first: {failures.FirstOrDefault()}");
        var log = await ReadLogAsync(nodes[0]);
        Assert.Equal(Messages, log.Count);
        foreach (var key in Enumerable.Range(0, Keys))
        {
            var written = log.Where(m => m.Key == $"k{key}").OrderBy(m => m.Partition).ThenBy(m => m.Offset).Select(m => m.Seq).ToList();
            Assert.Equal(Enumerable.Range(0, Messages).Where(i => i % Keys == key), written);
        }
    }

    /// <summary>Publishes in key order with up to <see cref="InFlight"/> confirms outstanding, each waited for as long as a hand-over may take.</summary>
    private static async Task PublishAsync(Actors.Client.TopicClient client, Action confirmed, ConcurrentQueue<string> failures)
    {
        using var window = new SemaphoreSlim(InFlight);
        var tasks = new List<Task>();
        for (var i = 0; i < Messages; i++)
        {
            await window.WaitAsync();
            tasks.Add(PublishOne(i));
        }

        await Task.WhenAll(tasks);

        async Task PublishOne(int seq)
        {
            try
            {
                await client.PublishAsync(Topic, Encoding.UTF8.GetBytes(seq.ToString(CultureInfo.InvariantCulture)), $"k{seq % Keys}", timeout: Wait);
                confirmed();
            }
            catch (Exception e)
            {
                failures.Enqueue($"#{seq}: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                window.Release();
            }
        }
    }

    /// <summary>Every message the topic holds, read with a fresh group from the start and told apart by partition and offset.</summary>
    private async Task<List<(int Partition, long Offset, string Key, int Seq)>> ReadLogAsync(ActorSystem node)
    {
        var status = await Broker.Get(node).Client.GetStatusAsync(Topic, Wait);
        var stored = status.Sum(p => p.EndOffset - p.StartOffset);
        _cluster.Log($"the topic holds {stored} messages: " + string.Join(", ", status.Select(p => $"p{p.Partition}={p.EndOffset}")));
        var read = new ConcurrentDictionary<(int, long), (string, int)>();
        var reader = node.ActorOf(Props.Create(() => new LogReader(read)), "log-reader");
        Broker.Get(node).Subscribe(new ConsumerSettings(Topic, new GroupName("log-check"), 500, StartFrom.Earliest), reader);
        await _cluster.Until(() => read.Count >= stored, $"all {stored} stored messages read back");
        return read.Select(r => (r.Key.Item1, r.Key.Item2, r.Value.Item1, r.Value.Item2)).ToList();
    }

    /// <summary>The node hosting more shards of partitions.</summary>
    private static async Task<ActorSystem> BusiestOf(params ActorSystem[] nodes)
    {
        var counts = await Task.WhenAll(nodes.Select(async n =>
            (await ClusterSharding.Get(n).ShardRegion(Broker.PartitionTypeName).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Wait)).Shards.Count));
        Assert.True(counts.Max() > 0, "one of the other nodes should host a partition");
        return nodes[Array.IndexOf(counts, counts.Max())];
    }

    /// <summary>Records each delivered message by partition and offset (a redelivery lands on the same entry) and acks it.</summary>
    private sealed class LogReader : ReceiveActor
    {
        public LogReader(ConcurrentDictionary<(int, long), (string, int)> read) =>
            Receive<Delivery>(d =>
            {
                read[(d.Partition, d.Offset)] = (d.Message.Key ?? "", int.Parse(Encoding.UTF8.GetString(d.Message.Payload), CultureInfo.InvariantCulture));
                Sender.Tell(d.ToAck());
            });
    }
}
