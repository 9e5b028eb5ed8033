using System.Text;
using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Storage;

/// <summary>
/// Compaction on each journal, across a restart: 100 keys written 200 times each, then tombstones for ten of them and
/// 300 messages of other keys (so the active part holds no key twice). Compaction rewrites the log below the active
/// part in the journal: a reader and a new group from the earliest offset get exactly the latest message per key, in
/// offset order, at the offsets they were published at; the ten keys are only their tombstones until the grace period
/// (<c>delete-retention</c>) is over, then not there at all; a new node on the same journal recovers exactly that.
/// </summary>
public sealed partial class DurableStorageSpecs
{
    private const string Compacting = """
        actors.topics {
          cache-size = 4 KiB, page-size = 16 KiB, max-batch-messages = 100, snapshot-every = 50
          retention.check-interval = 200ms, min-cleanable-dirty-ratio = 0, delete-retention = 20s
        }
        """;

    [Fact]
    public Task Should_keep_the_latest_message_per_key_and_drop_tombstones_after_their_grace_across_a_restart_on_sqlite() =>
        CompactionScenario(SqliteStorage);

    [PostgresFact]
    public Task Should_keep_the_latest_message_per_key_and_drop_tombstones_after_their_grace_across_a_restart_on_postgresql() =>
        CompactionScenario(PostgresStorage);

    private async Task CompactionScenario(string storage)
    {
        // arrange: 100 keys x 200 versions, tombstones for k0..k9, then 300 other keys
        var topic = new TopicName("compacted-" + Guid.NewGuid().ToString("N")[..8]);
        var first = await StartNodeAsync(storage, Compacting);
        var broker = Broker.Get(first);
        await broker.Client.CreateTopicAsync(new CreateTopic(topic, 1, Cleanup: CleanupPolicy.Compact), Wait);
        var messages = Enumerable.Range(0, 100 * 200).Select(i => new MessageToPublish(Encoding.UTF8.GetBytes($"k{i % 100}v{i / 100} ".PadRight(100, '.')), $"k{i % 100}"))
            .Concat(Enumerable.Range(0, 10).Select(k => new MessageToPublish([], $"k{k}")))
            .Concat(Enumerable.Range(0, 300).Select(i => new MessageToPublish(Encoding.UTF8.GetBytes($"f{i}"), $"f{i}")))
            .ToList();

        // act
        var acks = await broker.Client.PublishManyAsync(topic, messages, Wait);

        // assert: exactly the latest message of each key, at its offset; the ten deleted keys are their tombstones
        var latest = messages.Select((m, i) => (Offset: acks[i].Offset, m.Key, Body: Encoding.UTF8.GetString(m.Payload)))
            .GroupBy(m => m.Key).Select(g => g.MaxBy(m => m.Offset)).OrderBy(m => m.Offset).ToList();
        Assert.Equal(400, latest.Count);
        await Until(async () => (await ReadAllAsync(broker, topic)).SequenceEqual(latest), "the log compacted to the latest message per key");
        var (start, end, _) = await Offsets(broker, topic);
        Assert.Equal((0L, 20310L), (start, end));
        Assert.Equal(latest, await ConsumeAllAsync(first, broker, topic, "from-earliest", latest.Count));

        // act: the grace period of the tombstones goes by
        var withoutTombstones = latest.Where(m => m.Body.Length > 0).ToList();
        await Until(async () => (await ReadAllAsync(broker, topic)).SequenceEqual(withoutTombstones), "the tombstones removed after their grace period");
        await CoordinatedShutdown.Get(first).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);

        // assert: a new node on the same journal recovers the compacted log, offsets as they were
        var second = await StartNodeAsync(storage, Compacting);
        var restarted = Broker.Get(second);
        var recovered = await Partition(restarted, topic);
        output.WriteLine($"recovered offsets {recovered.StartOffset}..{recovered.EndOffset}, {recovered.RetainedBytes} bytes, {recovered.RecoveredEvents} events replayed");
        Assert.Equal((0L, 20310L), (recovered.StartOffset, recovered.EndOffset));
        Assert.Equal(withoutTombstones, await ReadAllAsync(restarted, topic));
        Assert.Equal(withoutTombstones, await ConsumeAllAsync(second, restarted, topic, "after-restart", withoutTombstones.Count));
    }

    /// <summary>Every message of the topic's one partition as a Kafka-style reader reads them, from its start to its end.</summary>
    private static async Task<List<(long Offset, string? Key, string Body)>> ReadAllAsync(Broker broker, TopicName topic)
    {
        var found = new List<(long, string?, string)>();
        var (from, end, _) = await Offsets(broker, topic);
        while (from < end)
        {
            var read = await broker.Partitions.Ask<PartitionRead>(new ReadPartition(topic, 0, from, 1024 * 1024), Wait);
            if (read.Messages.Count == 0) break;
            found.AddRange(read.Messages.Select(m => (m.Offset, m.Message.Key, Encoding.UTF8.GetString(m.Message.Payload))));
            from = read.Messages[^1].Offset + 1;
        }

        return found;
    }

    /// <summary>A new group from the earliest offset: the first <paramref name="count"/> deliveries, each acked.</summary>
    private static async Task<List<(long Offset, string? Key, string Body)>> ConsumeAllAsync(ActorSystem system, Broker broker, TopicName topic, string group, int count)
    {
        var probe = new Akka.TestKit.TestProbe(system, new Akka.TestKit.Xunit2.XunitAssertions());
        broker.Subscribe(new ConsumerSettings(topic, new GroupName(group), 100, StartFrom.Earliest), probe.Ref);
        var deliveries = new List<(long, string?, string)>();
        while (deliveries.Count < count)
        {
            var delivery = probe.ExpectMsg<Delivery>(Wait);
            deliveries.Add((delivery.Offset, delivery.Message.Key, Encoding.UTF8.GetString(delivery.Message.Payload)));
            probe.LastSender.Tell(delivery.ToAck());
        }

        await probe.Ref.GracefulStop(Wait);
        return deliveries;
    }
}
