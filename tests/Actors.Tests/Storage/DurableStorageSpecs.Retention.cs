using System.Text;
using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Storage;

/// <summary>
/// Retention by bytes and the overflow policies on each journal, across a restart: drop-oldest keeps exactly the newest
/// messages within the bytes (also deleting pages only in the journal), counts what a group lost and still knows both
/// after a restart; reject-publish refuses what does not fit, before and after a restart, loses nothing, and takes
/// publishes again once the group has committed.
/// </summary>
public sealed partial class DurableStorageSpecs
{
    /// <summary>A 100-byte body with a 2-character key weighs 264 bytes (<see cref="LogPage.Weight"/>).</summary>
    private const long Weight = 264;

    private const string Paging = "actors.topics { cache-size = 4 KiB, page-size = 16 KiB, max-batch-messages = 10, snapshot-every = 50 }";

    [Fact]
    public Task Should_keep_a_partition_within_its_bytes_and_count_what_a_group_lost_across_a_restart_on_sqlite() =>
        BytesRetentionScenario(SqliteStorage);

    [PostgresFact]
    public Task Should_keep_a_partition_within_its_bytes_and_count_what_a_group_lost_across_a_restart_on_postgresql() =>
        BytesRetentionScenario(PostgresStorage);

    [Fact]
    public Task Should_refuse_publishes_to_a_full_reject_publish_partition_across_a_restart_on_sqlite() =>
        RejectPublishScenario(SqliteStorage);

    [PostgresFact]
    public Task Should_refuse_publishes_to_a_full_reject_publish_partition_across_a_restart_on_postgresql() =>
        RejectPublishScenario(PostgresStorage);

    private static List<string> Bodies(int count) => Enumerable.Range(0, count).Select(i => $"m{i:D4} ".PadRight(100, '.')).ToList();

    private static MessageToPublish ToPublish(string body, int i) => new(Encoding.UTF8.GetBytes(body), $"k{i % 7}");

    /// <summary>
    /// 2,000 messages of 264 bytes into a partition that keeps 132,100 bytes (500 messages and not a 501st), over a 4 KiB
    /// tail: offsets 0..1499 go, most of them in whole pages only in the journal, the page the bound falls in read back
    /// to cut it exactly. A group that never read counts all 1,500 as dropped; a restart keeps offsets, bytes and count.
    /// </summary>
    private async Task BytesRetentionScenario(string storage)
    {
        // arrange
        var topic = new TopicName("sized-" + Guid.NewGuid().ToString("N")[..8]);
        var slow = new GroupName("slow");
        var bodies = Bodies(2001);
        var first = await StartNodeAsync(storage, Paging);
        var broker = Broker.Get(first);
        await broker.Client.CreateTopicAsync(new CreateTopic(topic, 1, RetentionBytes: 500 * Weight + 100), Wait);
        await broker.Client.SeekAsync(topic, slow, StartFrom.Earliest, Wait);

        // act
        await broker.Client.PublishManyAsync(topic, bodies.Take(2000).Select(ToPublish).ToList(), Wait);

        // assert: exactly the newest 500 are left, and the group lost the 1,500 it never read
        await Until(async () => await Partition(broker, topic) is { StartOffset: 1500, RetainedBytes: 500 * Weight }, "offsets 0..1499 deleted by bytes");
        await Until(async () => (await Partition(broker, topic)).Groups.Single() is { CommittedOffset: 1500, Dropped: 1500 }, "the group's 1,500 dropped unread");
        await CoordinatedShutdown.Get(first).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);

        // act: a new node on the same storage, and one message more
        var second = await StartNodeAsync(storage, Paging);
        var restarted = Broker.Get(second);
        var recovered = await Partition(restarted, topic);
        output.WriteLine($"recovered offsets {recovered.StartOffset}..{recovered.EndOffset}, {recovered.RetainedBytes} bytes, {recovered.RecoveredEvents} events replayed");
        Assert.Equal((1500L, 2000L), (recovered.StartOffset, recovered.EndOffset));
        Assert.Equal((1500L, 1500L), (recovered.Groups.Single().CommittedOffset, recovered.Groups.Single().Dropped));
        await restarted.Client.PublishAsync(topic, Encoding.UTF8.GetBytes(bodies[2000]), "k5", timeout: Wait);

        // assert: still exactly within the bytes (the oldest one more went), the count went up by the one the group lost
        await Until(async () => await Partition(restarted, topic) is { StartOffset: 1501, EndOffset: 2001, RetainedBytes: 500 * Weight }, "offset 1500 deleted by bytes");
        await Until(async () => (await Partition(restarted, topic)).Groups.Single().Dropped == 1501, "the group's 1,501 dropped unread");
        var reader = new Akka.TestKit.TestProbe(second, new Akka.TestKit.Xunit2.XunitAssertions());
        restarted.Subscribe(new ConsumerSettings(topic, new GroupName("late"), 100, StartFrom.Earliest), reader.Ref);
        for (var offset = 1501; offset < 2001; offset++)
        {
            var delivery = reader.ExpectMsg<Delivery>(Wait);
            reader.LastSender.Tell(delivery.ToAck());
            Assert.Equal((offset, bodies[offset]), (delivery.Offset, Encoding.UTF8.GetString(delivery.Message.Payload)));
        }

        await CoordinatedShutdown.Get(second).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }

    /// <summary>
    /// A reject-publish partition of 2,640 bytes (10 messages) with a group that has not read yet: the 11th publish is
    /// refused (also an idempotent producer's, answered, not retried), before and after a restart, and nothing accepted
    /// is lost; once the group has committed 3, a publish goes in and exactly one committed message made room for it.
    /// </summary>
    private async Task RejectPublishScenario(string storage)
    {
        // arrange
        var topic = new TopicName("queue-" + Guid.NewGuid().ToString("N")[..8]);
        var workers = new GroupName("workers");
        var bodies = Bodies(11);
        var first = await StartNodeAsync(storage, Paging);
        var broker = Broker.Get(first);
        await broker.Client.CreateTopicAsync(new CreateTopic(topic, 1, RetentionBytes: 10 * Weight, Overflow: OverflowPolicy.RejectPublish), Wait);
        await broker.Client.SeekAsync(topic, workers, StartFrom.Earliest, Wait);
        for (var i = 0; i < 10; i++) await broker.Client.PublishAsync(topic, Encoding.UTF8.GetBytes(bodies[i]), $"k{i % 7}", timeout: Wait);

        // act
        var refused = await Assert.ThrowsAsync<TopicException>(() => broker.Client.PublishAsync(topic, Encoding.UTF8.GetBytes(bodies[10]), "k3", timeout: Wait));
        var producer = Assert.IsType<PublishRejected>(await PublishAsProducer(broker, topic, 0));

        // assert
        Assert.Contains("is full", refused.Message);
        Assert.Equal(PublishError.PartitionFull, producer.Error);
        Assert.Equal((0L, 10L, 10 * Weight), await Offsets(broker, topic));
        await CoordinatedShutdown.Get(first).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);

        // act: a new node on the same storage: still full
        var second = await StartNodeAsync(storage, Paging);
        var restarted = Broker.Get(second);
        Assert.Equal((0L, 10L, 10 * Weight), await Offsets(restarted, topic));
        await Assert.ThrowsAsync<TopicException>(() => restarted.Client.PublishAsync(topic, Encoding.UTF8.GetBytes(bodies[10]), "k3", timeout: Wait));

        // act: the group processes 3
        var worker = new Akka.TestKit.TestProbe(second, new Akka.TestKit.Xunit2.XunitAssertions());
        restarted.Subscribe(new ConsumerSettings(topic, workers, 3, StartFrom.Earliest), worker.Ref);
        for (var offset = 0; offset < 3; offset++)
        {
            var delivery = worker.ExpectMsg<Delivery>(Wait);
            Assert.Equal((offset, bodies[offset]), (delivery.Offset, Encoding.UTF8.GetString(delivery.Message.Payload)));
            worker.LastSender.Tell(delivery.ToAck());
        }

        await Until(async () => (await Partition(restarted, topic)).Groups.Single().CommittedOffset == 3, "the group's 3 acks committed");
        var accepted = await restarted.Client.PublishAsync(topic, Encoding.UTF8.GetBytes(bodies[10]), "k3", timeout: Wait);

        // assert: one committed message made room; the group goes on with every message it had not read
        Assert.Equal(10, accepted.Offset);
        Assert.Equal((1L, 11L, 10 * Weight), await Offsets(restarted, topic));
        Assert.Equal(0, (await Partition(restarted, topic)).Groups.Single().Dropped);
        for (var offset = 3; offset < 11; offset++)
        {
            var delivery = worker.ExpectMsg<Delivery>(Wait);
            Assert.Equal((offset, bodies[offset]), (delivery.Offset, Encoding.UTF8.GetString(delivery.Message.Payload)));
            worker.LastSender.Tell(delivery.ToAck());
        }

        await CoordinatedShutdown.Get(second).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }

    private static async Task<PartitionStatus> Partition(Broker broker, TopicName topic) => (await broker.Client.GetStatusAsync(topic, Wait)).Single();

    private static async Task<(long Start, long End, long Bytes)> Offsets(Broker broker, TopicName topic) =>
        await Partition(broker, topic) is var p ? (p.StartOffset, p.EndOffset, p.RetainedBytes) : default;
}
