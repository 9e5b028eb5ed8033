using Actors.Consumers;
using Actors.Partitions;
using Actors.Routing;
using Actors.Topics;

namespace Actors.Tests.Routing;

public sealed class PatternSubscriptionSpecs(ITestOutputHelper output) : BrokerSpec(output, "actors.routing.topic-watch-interval = 1s")
{
    private Routes Routes => Routes.Get(Sys);

    private async Task<IReadOnlyList<TopicName>> TopicsOf(IActorRef subscription) =>
        (await subscription.Ask<PatternTopics>(GetPatternTopics.Instance, Wait)).Topics;

    /// <summary>Each topic has its own group member, so every delivery is acked to its own sender.</summary>
    private static Delivery AckNext(Akka.TestKit.TestProbe consumer)
    {
        var delivery = consumer.ExpectMsg<Delivery>(Wait);
        consumer.Reply(delivery.ToAck());
        return delivery;
    }

    [Fact]
    public async Task Should_consume_every_matching_topic_including_one_created_later_and_no_other()
    {
        // arrange
        foreach (var topic in new[] { "orders.eu", "orders.us", "orders.eu.north", "payments.eu" })
        {
            await CreateTopic(topic, partitions: 2);
            await PublishAll(topic, [(null, $"to {topic}")]);
        }

        var consumer = CreateTestProbe();

        // act
        var subscription = Routes.SubscribePattern(PatternSettings.Create(Sys, new TopicPattern("orders.*"), new GroupName("audit")), consumer.Ref);
        var existing = Enumerable.Range(0, 2).Select(_ => AckNext(consumer)).ToList();
        await PublishAll("orders.asia", [(null, "to a topic created after subscribing")]);
        var later = AckNext(consumer);

        // assert
        Assert.Equal(["orders.eu", "orders.us"], existing.Select(d => d.Topic.Value).Order());
        Assert.Equal(("orders.asia", "to a topic created after subscribing"), (later.Topic.Value, Body(later)));
        consumer.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Equal(["orders.asia", "orders.eu", "orders.us"], (await TopicsOf(subscription)).Select(t => t.Value));
    }

    [Fact]
    public async Task Should_join_a_topic_again_once_it_was_deleted_and_created_again()
    {
        // arrange
        await CreateTopic("orders.eu", partitions: 1);
        var consumer = CreateTestProbe();
        var subscription = Routes.SubscribePattern(PatternSettings.Create(Sys, new TopicPattern("orders.*"), new GroupName("audit")), consumer.Ref);
        await PublishAll("orders.eu", [(null, "before")]);
        Assert.Equal("before", Body(AckNext(consumer)));

        // act: deleted (its member stops and the consumer hears why), then created again by a publish
        await Broker.Client.DeleteTopicAsync(new TopicName("orders.eu"), Wait);
        Assert.Equal("topic 'orders.eu' was deleted", consumer.ExpectMsg<GroupStopped>(Wait).Reason);
        await AwaitAssertAsync(async () => Assert.Empty(await TopicsOf(subscription)), Wait);
        await PublishAll("orders.eu", [(null, "after")]);

        // assert
        var again = AckNext(consumer);
        Assert.Equal(("orders.eu", "after"), (again.Topic.Value, Body(again)));
        Assert.Equal(["orders.eu"], (await TopicsOf(subscription)).Select(t => t.Value));
    }

    [Fact]
    public async Task Should_match_the_rest_of_a_name_with_a_trailing_wildcard()
    {
        // arrange
        await PublishAll("orders.eu.north", [(null, "deep")]);
        await PublishAll("orders.eu", [(null, "shallow")]);
        await PublishAll("orders", [(null, "the parent itself")]);
        var consumer = CreateTestProbe();

        // act
        var subscription = Routes.SubscribePattern(PatternSettings.Create(Sys, new TopicPattern("orders.>"), new GroupName("audit")), consumer.Ref);
        var received = new[] { consumer.ExpectMsg<Delivery>(Wait), consumer.ExpectMsg<Delivery>(Wait) };

        // assert: not the parent, nor the dead-letter topics every topic comes with
        Assert.Equal(["deep", "shallow"], received.Select(Body).Order());
        consumer.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(["orders.eu", "orders.eu.north"], (await TopicsOf(subscription)).Select(t => t.Value));
    }

    [Fact]
    public async Task Should_route_every_matching_topic_to_the_routees_of_a_service()
    {
        // arrange
        var collector = CreateTestProbe();
        foreach (var name in new[] { "r0", "r1" })
            await Routes.RegisterAsync(new ServiceName("auditors"), Sys.ActorOf(Recorder.Props(name, collector.Ref), name));
        await PublishAll("orders.eu", [("k1", "a"), ("k2", "b")]);

        // act
        var route = Routes.RoutePattern(PatternSettings.Create(Sys, new TopicPattern("orders.*"), new GroupName("audit")), new TopicRouteSettings(new ServiceName("auditors"), RoutingStrategy.ConsistentHashing));
        await PublishAll("orders.us", [("k1", "c")]);
        var received = Enumerable.Range(0, 3).Select(_ => Recorder.Parse(collector.ExpectMsg<string>(Wait))).ToList();

        // assert: "topic|key|body"; key k1 went to one routee from both topics; all acked
        Assert.Equal(["orders.eu|k1|a", "orders.eu|k2|b", "orders.us|k1|c"], received.Select(r => r.Message).Order());
        Assert.Single(received.Where(r => r.Message.Contains("|k1|", StringComparison.Ordinal)).Select(r => r.Routee).Distinct());
        await AwaitAssertAsync(async () => Assert.Equal(2, await Committed("orders.eu", "audit")), Wait);
        await AwaitAssertAsync(async () => Assert.Equal(1, await Committed("orders.us", "audit")), Wait);
        Sys.Stop(route);
    }
}
