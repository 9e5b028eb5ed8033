using System.Diagnostics;
using System.Collections.Concurrent;
using System.Globalization;
using Actors.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Actors.Nodes.Tests.Kafka;

/// <summary>
/// Confluent.Kafka 2.16.0 (librdkafka 2.16.0) against three <c>actors node</c> processes sharing one SQLite journal
/// (one folder) with <c>hocon/fast-failover.conf</c>: an idempotent producer (<c>enable.idempotence=true</c>,
/// acks=all) publishes keyed messages while the node leading a partition is killed with SIGKILL; afterwards every
/// acknowledged message is read back (assign from the beginning) exactly once, and every key's messages in the
/// order they were produced.
/// </summary>
public sealed class ConfluentFailoverSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(180);
    private static readonly string FastFailover = Path.Combine(AppContext.BaseDirectory, "hocon", "fast-failover.conf");
    private const string Topic = "failover-orders";
    private const int Partitions = 6;
    private const int Keys = 24;
    private const int Messages = 6000;
    private readonly CliProcesses _processes = new("kafka-failover", output, reportLines: 60);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task Should_keep_every_acknowledged_message_once_and_in_key_order_when_a_partition_leader_is_killed()
    {
        // arrange: three nodes, a topic of six partitions, the node leading partition 0 marked to die
        var nodes = await StartClusterAsync();
        var bootstrap = string.Join(',', nodes.Select(n => n.KafkaAddress));
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = Partitions, ReplicationFactor = 1 }]);
        }

        var victim = await LeaderOfPartitionZeroAsync(bootstrap, nodes);
        var survivors = nodes.Where(n => n != victim).ToList();
        Log($"partition 0 is led by {victim.KafkaAddress}: that node dies");
        var acked = new ConcurrentQueue<(string Key, int Sequence, Offset Offset, int Partition)>();
        var failed = new ConcurrentQueue<string>();
        var stall = new LongestGap();
        var errors = new ConcurrentQueue<string>();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = (int)Wait.TotalMilliseconds,
            RequestTimeoutMs = 30000,
            TopicMetadataRefreshIntervalMs = 2000,
        }).SetErrorHandler((_, e) => errors.Enqueue($"{e.Code} fatal={e.IsFatal}: {e.Reason}")).Build();

        // act: produce at a steady pace; kill the leader once a fifth is acknowledged; let the rest through
        var producing = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                var key = $"k{i % Keys}";
                var sequence = i / Keys;
                producer.Produce(Topic, new Message<string, string> { Key = key, Value = $"{key}:{sequence}" }, report =>
                {
                    if (report.Error.IsError) failed.Enqueue($"{key}:{sequence} {report.Error.Code} {report.Error.Reason}");
                    else
                    {
                        acked.Enqueue((key, sequence, report.Offset, report.Partition.Value));
                        stall.Ack(_clock.Elapsed);
                    }
                });
                if (i % 10 == 9) await Task.Delay(25); // about 15 s of producing: most of it after the kill
            }
        });
        await Poll.Until(() => acked.Count >= Messages / 5, Wait, "a fifth of the messages acknowledged before the kill");
        victim.Process.Kill();
        var ackedBeforeKill = acked.Count;
        Log($"killed {victim.KafkaAddress} with {ackedBeforeKill} acknowledged");
        await producing;
        var remaining = producer.Flush(Wait);
        Log($"producer flushed: {acked.Count} acknowledged, {failed.Count} failed, {remaining} still queued; longest time without an acknowledgement {stall.Longest.TotalSeconds:F1} s; errors: {string.Join("; ", errors)}");
        var read = Consume(string.Join(',', survivors.Select(n => n.KafkaAddress)));
        Log($"read back {read.Count} messages");

        // assert: most messages went out after the kill; every acknowledged one was read once, none twice, every key in produced order
        Assert.True(ackedBeforeKill < Messages / 2, $"the kill came late: {ackedBeforeKill} of {Messages} were acknowledged before it");
        Assert.Equal(0, remaining);
        Assert.DoesNotContain(errors, e => e.Contains("fatal=True", StringComparison.Ordinal));
        var duplicates = read.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{duplicates.Count} messages read more than once, e.g. {string.Join(", ", duplicates.Take(5))}");
        var missing = acked.Select(a => (a.Key, a.Sequence)).Except(read).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged messages not read, e.g. {string.Join(", ", missing.Take(5))}");
        foreach (var key in read.GroupBy(m => m.Key))
            Assert.Equal(key.Select(m => m.Sequence).Order(), key.Select(m => m.Sequence));
        Assert.True(failed.IsEmpty, $"{failed.Count} messages failed: {string.Join("; ", failed.Take(5))}");
    }

    /// <summary>Reads every partition from its beginning to its end (as the survivors see it) without a group.</summary>
    private List<(string Key, int Sequence)> Consume(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "failover-verifier",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p)).ToList();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(60)).High.Value);
        Log($"high watermarks: {string.Join(", ", ends.Select(e => $"{e.Key}={e.Value}"))}");
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var read = new List<(string Key, int Sequence)>();
        var positions = ends.Keys.ToDictionary(p => p, _ => 0L);
        var clock = Stopwatch.StartNew();
        while (positions.Any(p => p.Value < ends[p.Key]))
        {
            if (clock.Elapsed > Wait)
                throw new TimeoutException($"read back stalled: at {string.Join(", ", positions.Select(p => $"{p.Key}={p.Value}/{ends[p.Key]}"))}");
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null || result.IsPartitionEOF) continue;
            var parts = result.Message.Value.Split(':');
            Assert.Equal(result.Message.Key, parts[0]);
            read.Add((parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)));
            positions[result.Partition.Value] = result.Offset.Value + 1;
        }

        return read;
    }

    private async Task<List<NodeProcess>> StartClusterAsync()
    {
        var first = await _processes.StartNodeAsync(["node", "--port", "0", "--config", FastFailover], Wait);
        await first.Process.WaitForLineAsync($"member up: {first.Address}", Wait);
        var others = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            _processes.StartNodeAsync(["node", "--port", "0", "--config", FastFailover, "--seed", first.HostPort], Wait)));
        List<NodeProcess> nodes = [first, .. others];
        foreach (var node in nodes)
            foreach (var member in nodes)
                await node.Process.WaitForLineAsync($"member up: {member.Address}", Wait);
        Log($"three nodes up, Kafka at {string.Join(", ", nodes.Select(n => n.KafkaAddress))}");
        return nodes;
    }

    /// <summary>The node Metadata names as leader of partition 0, once every node is a listed broker.</summary>
    private async Task<NodeProcess> LeaderOfPartitionZeroAsync(string bootstrap, List<NodeProcess> nodes)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var leader = await Poll.UntilAsync(() =>
        {
            var metadata = admin.GetMetadata(Topic, TimeSpan.FromSeconds(30));
            var partition = metadata.Topics.Single().Partitions.FirstOrDefault(p => p.PartitionId == 0);
            var broker = metadata.Brokers.FirstOrDefault(b => b.BrokerId == partition?.Leader);
            return Task.FromResult(metadata.Brokers.Count == 3 ? nodes.FirstOrDefault(n => n.KafkaAddress == $"{broker?.Host}:{broker?.Port}") : null);
        }, n => n is not null, Wait, "metadata naming three brokers and a leader of partition 0 among the nodes");
        return leader!;
    }

    private void Log(string message) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1}s] {message}");

    public void Dispose() => _processes.Dispose();

    /// <summary>The longest time between two acknowledgements (reported, not asserted: it depends on the machine).</summary>
    private sealed class LongestGap
    {
        private readonly Lock _gate = new();
        private TimeSpan? _last;

        public TimeSpan Longest { get; private set; }

        public void Ack(TimeSpan at)
        {
            lock (_gate)
            {
                if (_last is { } last && at - last > Longest) Longest = at - last;
                _last = at;
            }
        }
    }
}
