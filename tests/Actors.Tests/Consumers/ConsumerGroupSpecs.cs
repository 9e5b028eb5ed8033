using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Consumers;

public sealed class ConsumerGroupSpecs(ITestOutputHelper output) : BrokerSpec(output, """
    actors.topics.visibility-timeout = 1s
    actors.topics.max-delivery-attempts = 3
    """)
{

    [Fact]
    public async Task Should_deliver_each_message_and_commit_it_when_acked()
    {
        // arrange
        await CreateTopic("acks", partitions: 2);
        await PublishAll("acks", Enumerable.Range(0, 10).Select(i => ((string?)$"k{i}", $"m{i}")));
        var consumer = CreateTestProbe();

        // act
        Consume("acks", "g", consumer.Ref);
        var deliveries = Enumerable.Range(0, 10).Select(_ => consumer.ExpectMsg<Delivery>(Wait)).ToList();
        foreach (var delivery in deliveries) consumer.Reply(delivery.ToAck());

        // assert
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}").Order(), deliveries.Select(Body).Order());
        Assert.All(deliveries, d => Assert.Equal(1, d.Attempt));
        await AwaitAssertAsync(async () => Assert.Equal(10, await Committed("acks", "g")), Wait);
        consumer.ExpectNoMsg(TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public async Task Should_redeliver_a_message_not_acked_within_the_visibility_timeout()
    {
        await CreateTopic("timeouts", partitions: 1);
        await PublishAll("timeouts", [(null, "slow")]);
        var consumer = CreateTestProbe();

        Consume("timeouts", "g", consumer.Ref);
        var first = consumer.ExpectMsg<Delivery>(Wait);
        var second = consumer.ExpectMsg<Delivery>(Wait);
        consumer.Reply(second.ToAck());

        Assert.Equal((first.Offset, 1), (second.Offset, first.Attempt));
        Assert.Equal(2, second.Attempt);
        await AwaitAssertAsync(async () => Assert.Equal(1, await Committed("timeouts", "g")), Wait);
    }

    [Fact]
    public async Task Should_redeliver_a_nacked_message_after_its_delay()
    {
        await CreateTopic("nacks", partitions: 1);
        await PublishAll("nacks", [(null, "retry me")]);
        var consumer = CreateTestProbe();

        Consume("nacks", "g", consumer.Ref);
        var first = consumer.ExpectMsg<Delivery>(Wait);
        consumer.Reply(first.ToNack(TimeSpan.FromMilliseconds(300)));
        var again = consumer.ExpectMsg<Delivery>(Wait);

        Assert.Equal(first.Offset, again.Offset);
        Assert.Equal(2, again.Attempt);
    }

    [Fact]
    public async Task Should_move_a_message_to_the_dead_letter_topic_after_the_last_attempt_and_redrive_it()
    {
        await CreateTopic("poison", partitions: 1);
        await PublishAll("poison", [("k", "bad"), ("k", "good")]);
        var consumer = CreateTestProbe();
        var member = Consume("poison", "g", consumer.Ref);

        // Nack "bad" three times; ack "good".
        var nacks = 0;
        while (nacks < 3)
        {
            var delivery = consumer.ExpectMsg<Delivery>(Wait);
            consumer.Reply(Body(delivery) == "bad" ? delivery.ToNack() : delivery.ToAck());
            if (Body(delivery) == "bad") nacks++;
        }

        // The dead-letter topic holds it, with where it came from.
        var dlqReader = CreateTestProbe();
        Consume("poison.dlq", "inspect", dlqReader.Ref);
        var dead = dlqReader.ExpectMsg<Delivery>(Wait);
        Assert.Equal("bad", Body(dead));
        Assert.Equal("poison", dead.Message.Headers[DeadLetterHeaders.Topic]);
        Assert.Equal("3", dead.Message.Headers[DeadLetterHeaders.Attempts]);
        await AwaitAssertAsync(async () => Assert.Equal(2, await Committed("poison", "g")), Wait);

        // Redrive sends it back to the topic, where the group gets it again as a fresh message.
        var moved = await Broker.Client.RedriveAsync(new TopicName("poison"), idle: TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, moved);
        var redriven = consumer.ExpectMsg<Delivery>(Wait);
        Assert.Equal(("bad", 2L, 1), (Body(redriven), redriven.Offset, redriven.Attempt));
        Assert.DoesNotContain(DeadLetterHeaders.Topic, redriven.Message.Headers.Keys);
        Sys.Stop(member);
    }

    [Fact]
    public async Task Should_never_push_more_than_the_granted_credits()
    {
        await CreateTopic("credits", partitions: 1);
        await PublishAll("credits", Enumerable.Range(0, 20).Select(i => ((string?)null, $"m{i}")));
        var consumer = CreateTestProbe();

        var member = Consume("credits", "g", consumer.Ref, prefetch: 5);
        var window = Enumerable.Range(0, 5).Select(_ => consumer.ExpectMsg<Delivery>(Wait)).ToList();
        consumer.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        member.Tell(window[0].ToAck());
        Assert.Equal(5, consumer.ExpectMsg<Delivery>(Wait).Offset);
        consumer.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Should_replay_a_group_from_the_earliest_offset_after_a_seek()
    {
        await CreateTopic("replay", partitions: 1);
        await PublishAll("replay", Enumerable.Range(0, 3).Select(i => ((string?)null, $"m{i}")));
        var consumer = CreateTestProbe();
        var member = Consume("replay", "g", consumer.Ref);
        for (var i = 0; i < 3; i++) consumer.Reply(consumer.ExpectMsg<Delivery>(Wait).ToAck());
        await AwaitAssertAsync(async () => Assert.Equal(3, await Committed("replay", "g")), Wait);
        Sys.Stop(member);

        await Broker.Client.SeekAsync(new TopicName("replay"), new GroupName("g"), StartFrom.Earliest);
        var again = CreateTestProbe();
        Consume("replay", "g", again.Ref);

        Assert.Equal([0L, 1, 2], Enumerable.Range(0, 3).Select(_ => again.ExpectMsg<Delivery>(Wait).Offset));
    }

    [Fact]
    public async Task Should_start_a_new_group_from_latest_when_asked()
    {
        await CreateTopic("latest", partitions: 1);
        await PublishAll("latest", [(null, "old")]);
        var consumer = CreateTestProbe();

        Consume("latest", "g", consumer.Ref, start: StartFrom.Latest);
        await AwaitAssertAsync(async () => Assert.Contains((await Broker.Client.GetStatusAsync(new TopicName("latest")))[0].Groups, g => g.HasConsumer), Wait);
        await PublishAll("latest", [(null, "new")]);

        Assert.Equal("new", Body(consumer.ExpectMsg<Delivery>(Wait)));
    }

    [Fact]
    public async Task Should_answer_an_ack_for_an_unknown_delivery_with_an_error()
    {
        await CreateTopic("unknown-acks", partitions: 1);
        await PublishAll("unknown-acks", [(null, "x")]);

        Broker.Partitions.Tell(new Ack(new TopicName("unknown-acks"), 0, new GroupName("nobody"), 0));

        Assert.Contains("no delivery of offset 0 is in flight for group nobody", ExpectMsg<AckRejected>(Wait).Reason);
    }

    [Fact]
    public async Task Should_share_partitions_among_members_and_rebalance_when_one_leaves()
    {
        await CreateTopic("shared", partitions: 4);
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        var memberA = Consume("shared", "g", a.Ref);
        var memberB = Consume("shared", "g", b.Ref);
        // Published before the members settle, a message could go to A, move to B with its partition and reach
        // both (at least once, as promised): wait until each partition serves the assignment the coordinator made.
        await AwaitAssertAsync(async () =>
        {
            var group = await Broker.Client.DescribeGroupAsync(new TopicName("shared"), new GroupName("g"));
            Assert.Equal([2, 2], group.Members.Select(m => m.Partitions.Count));
            var status = await Broker.Client.GetStatusAsync(new TopicName("shared"));
            Assert.All(status, p => Assert.Contains(p.Groups, g => g.HasConsumer && g.Generation == group.Generation));
        }, Wait);

        await PublishAll("shared", Enumerable.Range(0, 40).Select(i => ((string?)$"k{i}", $"m{i}")));
        var toA = new List<Delivery>();
        var toB = new List<Delivery>();
        await AwaitConditionAsync(() =>
        {
            Drain(a, toA);
            Drain(b, toB);
            return Task.FromResult(toA.Count + toB.Count >= 40);
        }, Wait, message: "all 40 messages delivered to the two members");
        Assert.Equal(40, toA.Count + toB.Count);
        Assert.Empty(toA.Select(d => d.Partition).Intersect(toB.Select(d => d.Partition)));
        Assert.Equal(2, toA.Select(d => d.Partition).Distinct().Count());

        // A leaves without acking: its partitions and un-acked messages go to B.
        Sys.Stop(memberA);
        foreach (var d in toB) memberB.Tell(d.ToAck());
        var redelivered = Enumerable.Range(0, toA.Count).Select(_ => b.ExpectMsg<Delivery>(Wait)).ToList();
        Assert.Equal(toA.Select(Body).Order(), redelivered.Select(Body).Order());
    }

    private static void Drain(Akka.TestKit.TestProbe probe, List<Delivery> into)
    {
        while (probe.TryReceiveOne(out var envelope, TimeSpan.Zero))
            if (envelope.Message is Delivery delivery) into.Add(delivery);
    }
}
