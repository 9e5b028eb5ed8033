using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Topics;

/// <summary>
/// Retention set per topic: by count (the oldest messages go as new ones arrive) and by age (the partition's
/// periodic check drops expired ones); consumers then start at the first retained message, and a topic
/// created with an invalid retention is refused with the reason. What drop-oldest deletes before a group committed it
/// is counted for that group; reject-publish refuses a publish that does not fit, losing nothing, until a group commits.
/// </summary>
public sealed class RetentionSpecs(ITestOutputHelper output) : BrokerSpec(output)
{
    [Fact]
    public async Task Should_keep_only_the_newest_messages_of_a_topic_retained_by_count()
    {
        // arrange
        await Broker.Client.CreateTopicAsync(new CreateTopic(new TopicName("recent"), 1, RetentionMessages: 5));

        // act
        await PublishAll("recent", Enumerable.Range(0, 20).Select(i => ((string?)null, $"m{i}")));

        // assert
        var partition = (await Broker.Client.GetStatusAsync(new TopicName("recent"))).Single();
        Assert.Equal((15L, 20L), (partition.StartOffset, partition.EndOffset));
        Consume("recent", "readers", TestActor);
        var bodies = Enumerable.Range(0, 5).Select(_ => Body(ExpectMsg<Delivery>(Wait))).ToList();
        Assert.Equal(Enumerable.Range(15, 5).Select(i => $"m{i}"), bodies);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Should_drop_messages_older_than_the_topic_retention_age()
    {
        // arrange
        await Broker.Client.CreateTopicAsync(new CreateTopic(new TopicName("fleeting"), 2, RetentionAge: TimeSpan.FromMilliseconds(300)));
        var defaults = await Broker.Client.CreateTopicAsync(new TopicName("lasting"), 2);

        // act
        await PublishAll("fleeting", Enumerable.Range(0, 10).Select(i => ((string?)$"k{i}", $"m{i}")));
        await PublishAll("lasting", Enumerable.Range(0, 10).Select(i => ((string?)$"k{i}", $"m{i}")));

        // assert: the retention check (every 200 ms here) empties the short-lived topic only
        await AwaitAssertAsync(async () =>
        {
            var status = await Broker.Client.GetStatusAsync(new TopicName("fleeting"));
            Assert.All(status, p => Assert.Equal(p.EndOffset, p.StartOffset));
            Assert.Equal(10, status.Sum(p => p.EndOffset));
        }, Wait, TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromDays(7), defaults.RetentionAge);
        Assert.Equal(10, (await Broker.Client.GetStatusAsync(new TopicName("lasting"))).Sum(p => p.EndOffset - p.StartOffset));
    }

    [Fact]
    public async Task Should_refuse_a_topic_with_an_invalid_retention()
    {
        var error = await Assert.ThrowsAsync<TopicException>(() => Broker.Client.CreateTopicAsync(new CreateTopic(new TopicName("never"), 1, RetentionMessages: 0)));

        Assert.Equal("retention by count must keep at least 1 message, not 0", error.Message);
        Assert.Null(await Broker.Client.GetTopicAsync(new TopicName("never")));
    }

    [Fact]
    public async Task Should_count_per_group_the_messages_drop_oldest_deleted_before_it_committed_them()
    {
        // arrange: "slow" joins at the start, "late" after 10 messages; neither reads
        var topic = new TopicName("log");
        await Broker.Client.CreateTopicAsync(new CreateTopic(topic, 1, RetentionMessages: 5));
        await Broker.Client.SeekAsync(topic, new GroupName("slow"), StartFrom.Earliest, Wait);
        await PublishAll("log", Enumerable.Range(0, 10).Select(i => ((string?)null, $"m{i}")));
        await Broker.Client.SeekAsync(topic, new GroupName("late"), StartFrom.Latest, Wait);

        // act
        await PublishAll("log", Enumerable.Range(10, 10).Select(i => ((string?)null, $"m{i}")));

        // assert: offsets 0..14 are gone; "slow" lost all 15 of them, "late" the 5 it joined before
        var partition = (await Broker.Client.GetStatusAsync(topic)).Single();
        Assert.Equal((15L, 20L), (partition.StartOffset, partition.EndOffset));
        Assert.Equal([("late", 15L, 5L), ("slow", 15L, 15L)],
            partition.Groups.OrderBy(g => g.Group.Value).Select(g => (g.Group.Value, g.CommittedOffset, g.Dropped)));
    }

    [Fact]
    public async Task Should_refuse_a_publish_to_a_full_reject_publish_partition_and_accept_again_once_a_group_committed()
    {
        // arrange: a queue of at most 5 messages with one group reading it
        var topic = new TopicName("queue");
        await Broker.Client.CreateTopicAsync(new CreateTopic(topic, 1, RetentionMessages: 5, Overflow: OverflowPolicy.RejectPublish));
        var worker = CreateTestProbe();
        Consume("queue", "workers", worker.Ref, prefetch: 10);
        await PublishAll("queue", Enumerable.Range(0, 5).Select(i => ((string?)null, $"m{i}")));

        // act: a sixth does not fit
        var refused = await Assert.ThrowsAsync<TopicException>(() => Broker.Client.PublishAsync(topic, "m5"u8.ToArray(), timeout: Wait));

        // assert: a clear refusal, and nothing accepted was lost
        Assert.StartsWith("partition queue/0 is full (5 messages", refused.Message);
        Assert.Contains("overflow policy is reject-publish", refused.Message);
        var full = (await Broker.Client.GetStatusAsync(topic)).Single();
        Assert.Equal((0L, 5L), (full.StartOffset, full.EndOffset));

        // act: the group processes two; the producer's next publishes go in (the refusal did not wedge its sequence)
        for (var i = 0; i < 2; i++)
        {
            var delivery = worker.ExpectMsg<Delivery>(Wait);
            worker.Reply(delivery.ToAck());
        }

        await AwaitAssertAsync(async () => Assert.Equal(2, await Committed("queue", "workers")), Wait);
        var sixth = await Broker.Client.PublishAsync(topic, "m5"u8.ToArray(), timeout: Wait);
        var seventh = await Broker.Client.PublishAsync(topic, "m6"u8.ToArray(), timeout: Wait);
        var eighth = await Assert.ThrowsAsync<TopicException>(() => Broker.Client.PublishAsync(topic, "m7"u8.ToArray(), timeout: Wait));

        // assert: only what the group committed went to make room, one message per publish; nobody lost an unread message
        Assert.Equal((5L, 6L), (sixth.Offset, seventh.Offset));
        Assert.Contains("is full", eighth.Message);
        var after = (await Broker.Client.GetStatusAsync(topic)).Single();
        Assert.Equal((2L, 7L, 0L), (after.StartOffset, after.EndOffset, after.Groups.Single().Dropped));
        Assert.Equal(["m2", "m3", "m4", "m5", "m6"], Enumerable.Range(0, 5).Select(_ => Body(worker.ExpectMsg<Delivery>(Wait))));
    }

    [Fact]
    public async Task Should_keep_everything_of_a_reject_publish_partition_that_no_group_reads()
    {
        // arrange
        var topic = new TopicName("unread");
        await Broker.Client.CreateTopicAsync(new CreateTopic(topic, 1, RetentionMessages: 3, Overflow: OverflowPolicy.RejectPublish));
        await PublishAll("unread", Enumerable.Range(0, 3).Select(i => ((string?)null, $"m{i}")));

        // act
        var refused = await Assert.ThrowsAsync<TopicException>(() => Broker.Client.PublishAsync(topic, "m3"u8.ToArray(), timeout: Wait));

        // assert
        Assert.Contains("is full", refused.Message);
        var partition = (await Broker.Client.GetStatusAsync(topic)).Single();
        Assert.Equal((0L, 3L), (partition.StartOffset, partition.EndOffset));
    }
}
