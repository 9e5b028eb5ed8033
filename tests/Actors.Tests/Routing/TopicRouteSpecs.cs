using Actors.Consumers;
using Actors.Partitions;
using Actors.Routing;
using Actors.Topics;
using Akka.TestKit;

namespace Actors.Tests.Routing;

public sealed class TopicRouteSpecs(ITestOutputHelper output) : BrokerSpec(output)
{
    private static readonly ServiceName Service = new("handlers");

    private Routes Routes => Routes.Get(Sys);

    private async Task<TestProbe> StartProbeRoutee()
    {
        var probe = CreateTestProbe();
        await Routes.RegisterAsync(Service, probe.Ref);
        return probe;
    }

    private IActorRef Route(string topic, RoutingStrategy strategy, int prefetch = 100, AckMode ack = AckMode.OnReply) =>
        Routes.RouteTopic(new ConsumerSettings(new TopicName(topic), new GroupName("g"), prefetch, StartFrom.Earliest), new TopicRouteSettings(Service, strategy, Ack: ack));

    private static IEnumerable<(string?, string)> Messages(int count, Func<int, string?>? key = null) =>
        Enumerable.Range(0, count).Select(i => (key?.Invoke(i), $"m{i}"));

    [Fact]
    public async Task Should_ack_a_delivery_only_after_the_routee_replies()
    {
        // arrange
        await CreateTopic("replies", partitions: 1);
        await PublishAll("replies", Messages(3));
        var routee = await StartProbeRoutee();

        // act
        Route("replies", RoutingStrategy.RoundRobin);
        var deliveries = Enumerable.Range(0, 3).Select(_ => routee.ExpectMsg<Delivery>(Wait)).ToList();
        var committedBeforeReplies = await Committed("replies", "g");
        foreach (var delivery in deliveries) routee.Reply(delivery.ToAck());

        // assert
        Assert.Equal(["m0", "m1", "m2"], deliveries.Select(Body));
        Assert.Equal(0, committedBeforeReplies);
        await AwaitAssertAsync(async () => Assert.Equal(3, await Committed("replies", "g")), Wait);
    }

    [Fact]
    public async Task Should_never_have_more_out_at_the_routees_than_the_group_credits()
    {
        // arrange
        await CreateTopic("bounded", partitions: 1);
        await PublishAll("bounded", Messages(6));
        var routee = await StartProbeRoutee();

        // act
        var route = Route("bounded", RoutingStrategy.RoundRobin, prefetch: 2);
        var window = new[] { routee.ExpectMsg<Delivery>(Wait), routee.ExpectMsg<Delivery>(Wait) };
        routee.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        route.Tell(window[0].ToAck(), routee.Ref);

        // assert: one ack, one more delivery, and no more than that
        Assert.Equal(2, routee.ExpectMsg<Delivery>(Wait).Offset);
        routee.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Should_redeliver_what_a_stopped_routee_held_to_the_remaining_routees()
    {
        // arrange: two routees, round robin, four messages: two each
        await CreateTopic("failover", partitions: 1);
        await PublishAll("failover", Messages(4));
        var doomed = await StartProbeRoutee();
        var survivor = await StartProbeRoutee();
        Route("failover", RoutingStrategy.RoundRobin);
        var held = new[] { doomed.ExpectMsg<Delivery>(Wait), doomed.ExpectMsg<Delivery>(Wait) };
        foreach (var delivery in new[] { survivor.ExpectMsg<Delivery>(Wait), survivor.ExpectMsg<Delivery>(Wait) }) survivor.Reply(delivery.ToAck());

        // act: the routee stops without acking
        Sys.Stop(doomed.Ref);
        var redelivered = new[] { survivor.ExpectMsg<Delivery>(Wait), survivor.ExpectMsg<Delivery>(Wait) };
        foreach (var delivery in redelivered) survivor.Reply(delivery.ToAck());

        // assert: what it held reached the survivor, as second attempts, and everything is committed
        Assert.Equal(held.Select(d => d.Offset).Order(), redelivered.Select(d => d.Offset).Order());
        Assert.All(redelivered, d => Assert.Equal(2, d.Attempt));
        await AwaitAssertAsync(async () => Assert.Equal(4, await Committed("failover", "g")), Wait);
    }

    [Fact]
    public async Task Should_send_every_message_of_a_key_to_one_routee()
    {
        // arrange
        await CreateTopic("keyed", partitions: 3);
        await PublishAll("keyed", Messages(40, i => $"key{i % 8}"));
        var collector = CreateTestProbe();
        foreach (var name in new[] { "r0", "r1", "r2" })
            await Routes.RegisterAsync(Service, Sys.ActorOf(Recorder.Props(name, collector.Ref), name));

        // act
        Route("keyed", RoutingStrategy.ConsistentHashing);
        var received = Enumerable.Range(0, 40).Select(_ => Recorder.Parse(collector.ExpectMsg<string>(Wait))).ToList();

        // assert: "topic|key|body" grouped by key has one routee each
        var routeesByKey = received.GroupBy(r => r.Message.Split('|')[1]).ToDictionary(g => g.Key, g => g.Select(r => r.Routee).Distinct().Count());
        Assert.Equal(8, routeesByKey.Count);
        Assert.All(routeesByKey.Values, count => Assert.Equal(1, count));
        await AwaitAssertAsync(async () => Assert.Equal(40, await Committed("keyed", "g")), Wait);
    }

    [Fact]
    public async Task Should_broadcast_each_delivery_and_ack_it_once_every_routee_replied()
    {
        // arrange
        await CreateTopic("fanout", partitions: 1);
        await PublishAll("fanout", Messages(1));
        var first = await StartProbeRoutee();
        var second = await StartProbeRoutee();

        // act
        Route("fanout", RoutingStrategy.Broadcast);
        var toFirst = first.ExpectMsg<Delivery>(Wait);
        var toSecond = second.ExpectMsg<Delivery>(Wait);
        first.Reply(toFirst.ToAck());
        var committedAfterOne = await Committed("fanout", "g");
        second.Reply(toSecond.ToAck());

        // assert
        Assert.Equal(toFirst, toSecond);
        Assert.Equal(0, committedAfterOne);
        await AwaitAssertAsync(async () => Assert.Equal(1, await Committed("fanout", "g")), Wait);
    }

    [Fact]
    public async Task Should_ack_at_once_when_acking_on_delivery()
    {
        // arrange: a routee that never replies
        await CreateTopic("fire-and-forget", partitions: 1);
        await PublishAll("fire-and-forget", Messages(5));
        var routee = await StartProbeRoutee();

        // act
        Route("fire-and-forget", RoutingStrategy.RoundRobin, ack: AckMode.OnDelivery);

        // assert
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], Enumerable.Range(0, 5).Select(_ => Body(routee.ExpectMsg<Delivery>(Wait))));
        await AwaitAssertAsync(async () => Assert.Equal(5, await Committed("fire-and-forget", "g")), Wait);
    }
}
