using System.Diagnostics;
using System.Text;
using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Testing;
using Actors.Topics;

namespace Actors.Nodes.Tests;

/// <summary>
/// A compacted topic survives SIGKILL in the middle of compaction: one node process with a small tail (so the log is
/// rewritten every few hundred messages), 50 keys overwritten hundreds of times, the node killed while messages are
/// published and compaction rewrites the log, then a new node started on the same journal. Every key's latest
/// confirmed message is still there at its offset (or a newer one of that key is), every message found at a confirmed
/// offset is the one confirmed there, each key's versions come in publish order, and compaction carries on.
/// </summary>
public sealed class CompactionCrashSpecs : IDisposable
{
    private const int Keys = 50;
    private const int Chunk = 500;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TopicName Topic = new("kv");

    private const string Compacting = """
        actors.topics {
          cache-size = 4 KiB, page-size = 16 KiB, max-batch-messages = 100, snapshot-every = 50
          retention.check-interval = 200ms, min-cleanable-dirty-ratio = 0
        }
        """;

    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public CompactionCrashSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("compaction-crash", output, reportLines: 40);
    }

    [Fact]
    public async Task Should_keep_every_keys_latest_confirmed_message_at_its_offset_when_killed_while_compacting()
    {
        // arrange: a node, a compacted one-partition topic, a publisher going round the keys until stopped
        var config = await _processes.Folder.WriteAsync("compacting.conf", Compacting);
        var first = await StartNodeAsync(config);
        var confirmed = new Dictionary<long, (string Key, int Version)>();
        using var stop = new CancellationTokenSource();
        Task publishing;
        await using (var client = await GatewayClient.ConnectAsync(first.HostPort, "actors", Wait))
        {
            await client.Topics.CreateTopicAsync(new CreateTopic(Topic, 1, Cleanup: CleanupPolicy.Compact), Wait);
            publishing = PublishUntilStoppedAsync(client, confirmed, stop.Token);

            // act: once compaction has rewritten part of the log (the partition's bytes went down while publishing
            // went on) and 10,000 messages are confirmed, SIGKILL the node while publishing and compaction go on
            var (peak, rewrites) = (0L, 0);
            await Poll.UntilAsync(async () =>
            {
                var count = Confirmed(confirmed).Count;
                var retained = (await client.Topics.GetStatusAsync(Topic, Wait))[0].RetainedBytes;
                if (retained < peak) rewrites++;
                peak = Math.Max(peak, retained);
                return count >= 10_000 && rewrites >= 2;
            }, Wait, "10,000 messages confirmed and compaction under way");
            Log($"killing the node with {Confirmed(confirmed).Count:N0} messages confirmed, {rewrites} compactions seen");
            first.Process.Kill();
            await stop.CancelAsync();
            await publishing.WaitAsync(Wait);
        }

        var before = Confirmed(confirmed);
        Log($"{before.Count:N0} messages confirmed before the kill");

        // assert: a new node on the same journal holds every key's latest confirmed message or a newer one of that key
        var second = await StartNodeAsync(config);
        await using var reader = await GatewayClient.ConnectAsync(second.HostPort, "actors", Wait);
        var found = await ReadAllAsync(reader, "after-the-kill");
        Log($"{found.Count:N0} messages found after the restart");
        Assert.Equal(found.Select(m => m.Offset).Order(), found.Select(m => m.Offset));
        Assert.Equal(found.Count, found.Select(m => m.Offset).Distinct().Count());
        foreach (var message in found.Where(m => before.ContainsKey(m.Offset)))
            Assert.Equal(before[message.Offset], (message.Key, message.Version));
        foreach (var key in before.GroupBy(c => c.Value.Key))
        {
            var latest = key.Max(c => c.Key);
            var last = found.Where(m => m.Key == key.Key).Select(m => m.Offset).DefaultIfEmpty(-1).Max();
            Assert.True(last >= latest, $"key {key.Key}: latest confirmed at offset {latest}, the newest found at {last}");
            var versions = found.Where(m => m.Key == key.Key).Select(m => m.Version).ToList();
            Assert.Equal(versions.Order(), versions);
        }

        // and compaction carries on from where it was: the log comes down to about one message per key
        await Poll.UntilAsync(async () => (await reader.Topics.GetStatusAsync(Topic, Wait))[0].RetainedBytes < 64 * 1024, Wait,
            "the recovered log compacted to under 64 KiB");
        var compacted = await ReadAllAsync(reader, "compacted");
        Assert.Equal(found.Last().Offset, compacted.Last().Offset);
        Assert.Equal(Keys, compacted.Select(m => m.Key).Distinct().Count());
    }

    public void Dispose() => _processes.Dispose();

    /// <summary>Publishes chunks of versions of every key, recording each confirm, until stopped or the node is gone.</summary>
    private async Task PublishUntilStoppedAsync(GatewayClient client, Dictionary<long, (string Key, int Version)> confirmed, CancellationToken stop)
    {
        await Task.Yield();
        for (var version = 0; !stop.IsCancellationRequested; version += Chunk / Keys)
        {
            var chunk = Enumerable.Range(0, Chunk).Select(i => (Key: $"k{i % Keys}", Version: version + i / Keys)).ToList();
            IReadOnlyList<PublishAck> acks;
            try
            {
                acks = await client.Topics.PublishManyAsync(Topic, chunk.Select(m => new MessageToPublish(Payload(m.Key, m.Version), m.Key)).ToList(),
                    TimeSpan.FromSeconds(10), stop);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or Akka.Actor.AskTimeoutException or TopicException or ConnectionException)
            {
                Log($"publishing stopped: {e.GetType().Name}");
                return;
            }

            lock (confirmed)
                for (var i = 0; i < acks.Count; i++)
                    if (acks[i].Offset >= 0) confirmed[acks[i].Offset] = chunk[i];
        }
    }

    private static Dictionary<long, (string Key, int Version)> Confirmed(Dictionary<long, (string Key, int Version)> confirmed)
    {
        lock (confirmed) return new Dictionary<long, (string Key, int Version)>(confirmed);
    }

    private static byte[] Payload(object key, int version) => Encoding.UTF8.GetBytes($"{key}|{version}|".PadRight(100, '.'));

    /// <summary>Every message from the earliest offset to the end, through a new group.</summary>
    private static async Task<List<(long Offset, string Key, int Version)>> ReadAllAsync(GatewayClient client, string group)
    {
        var end = (await client.Topics.GetStatusAsync(Topic, Wait))[0].EndOffset;
        var found = new List<(long Offset, string Key, int Version)>();
        using var timeout = new CancellationTokenSource(Wait);
        await foreach (var message in client.ConsumeAsync(Topic, new GroupName(group), new ConsumeOptions { StartFrom = StartFrom.Earliest, Prefetch = 500 }, timeout.Token))
        {
            var parts = Encoding.UTF8.GetString(message.Payload).Split('|');
            Assert.Equal(message.Key, parts[0]);
            found.Add((message.Offset, parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
            message.Ack();
            if (message.Offset == end - 1) break;
        }

        return found;
    }

    private Task<NodeProcess> StartNodeAsync(string config) =>
        _processes.StartNodeAsync(["node", "--port", "0", "--config", config], Wait);

    private void Log(string what) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s: {what}");
}
