using Actors.Routing;
using Akka.Routing;
using Akka.TestKit;

namespace Actors.Tests.Routing;

public sealed class ServiceRouterSpecs : BrokerSpec
{
    private static readonly ServiceName Service = new("pricing");
    private readonly TestProbe _collector;

    public ServiceRouterSpecs(ITestOutputHelper output) : base(output, "akka.cluster.roles = [front]") => _collector = CreateTestProbe();

    private Routes Routes => Routes.Get(Sys);

    private async Task<IActorRef> StartRoutee(string name)
    {
        var routee = Sys.ActorOf(Recorder.Props(name, _collector.Ref), name);
        await Routes.RegisterAsync(Service, routee);
        return routee;
    }

    private List<(string Routee, string Message)> Collect(int count) =>
        Enumerable.Range(0, count).Select(_ => Recorder.Parse(_collector.ExpectMsg<string>(Wait))).ToList();

    [Fact]
    public async Task Should_send_each_key_to_one_routee_consistently()
    {
        // arrange
        foreach (var name in new[] { "r0", "r1", "r2" }) await StartRoutee(name);
        var router = Routes.RouterFor(Service, RoutingStrategy.ConsistentHashing);

        // act: 30 keys, 3 rounds
        for (var round = 0; round < 3; round++)
            for (var key = 0; key < 30; key++)
                router.Tell(new ConsistentHashableEnvelope($"k{key}", $"k{key}"));
        var received = Collect(90);

        // assert: every key reached exactly one routee, and the keys were spread over more than one
        var routeesByKey = received.GroupBy(r => r.Message).ToDictionary(g => g.Key, g => g.Select(r => r.Routee).Distinct().ToList());
        Assert.Equal(30, routeesByKey.Count);
        Assert.All(routeesByKey.Values, routees => Assert.Single(routees));
        Assert.True(received.Select(r => r.Routee).Distinct().Count() > 1, "30 keys should not all hash to one routee");
        _collector.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Should_spread_round_robin_evenly_and_keep_the_sender()
    {
        // arrange
        foreach (var name in new[] { "r0", "r1", "r2" }) await StartRoutee(name);
        var router = Routes.RouterFor(Service, RoutingStrategy.RoundRobin);

        // act
        for (var i = 0; i < 30; i++) router.Tell($"m{i}", ActorRefs.NoSender);
        var received = Collect(30);
        var reply = await router.Ask<string>("ping:1", Wait);

        // assert
        Assert.All(received.GroupBy(r => r.Routee), g => Assert.Equal(10, g.Count()));
        Assert.StartsWith("pong:r", reply);
    }

    [Fact]
    public async Task Should_broadcast_every_message_to_every_routee()
    {
        // arrange
        foreach (var name in new[] { "r0", "r1", "r2" }) await StartRoutee(name);
        var broadcast = Routes.RouterFor(Service, RoutingStrategy.Broadcast);
        var roundRobin = Routes.RouterFor(Service, RoutingStrategy.RoundRobin);

        // act: a broadcast router, and an Akka Broadcast envelope through a round robin one
        broadcast.Tell("a", ActorRefs.NoSender);
        roundRobin.Tell(new Broadcast("b"), ActorRefs.NoSender);
        var received = Collect(6);

        // assert
        Assert.Equal(
            new[] { "r0", "r1", "r2" }.SelectMany(r => new[] { (r, "a"), (r, "b") }).Order(),
            received.Order());
    }

    [Fact]
    public async Task Should_drop_a_routee_that_stops_and_route_to_the_rest()
    {
        // arrange
        var doomed = await StartRoutee("r0");
        await StartRoutee("r1");
        var router = Routes.RouterFor(Service, RoutingStrategy.RoundRobin);
        Watch(doomed);

        // act
        Sys.Stop(doomed);
        ExpectTerminated(doomed, Wait);
        await AwaitAssertAsync(async () => Assert.Single(await Routes.GetRouteesAsync(Service)), Wait, TimeSpan.FromMilliseconds(50));
        for (var i = 0; i < 4; i++) router.Tell($"m{i}", ActorRefs.NoSender);

        // assert
        Assert.All(Collect(4), r => Assert.Equal("r1", r.Routee));
    }

    [Fact]
    public async Task Should_stop_routing_to_a_deregistered_routee_that_keeps_running()
    {
        // arrange
        var leaving = await StartRoutee("r0");
        await StartRoutee("r1");
        var router = Routes.RouterFor(Service, RoutingStrategy.Broadcast);

        // act
        Routes.Deregister(Service, leaving);
        await AwaitAssertAsync(async () => Assert.Single(await Routes.GetRouteesAsync(Service)), Wait, TimeSpan.FromMilliseconds(50));
        router.Tell("after", ActorRefs.NoSender);
        leaving.Tell("direct", ActorRefs.NoSender);

        // assert
        Assert.Equal([("r0", "direct"), ("r1", "after")], Collect(2).Order());
    }

    [Fact]
    public async Task Should_hold_messages_until_a_routee_registers()
    {
        // arrange
        var router = Routes.RouterFor(Service, RoutingStrategy.RoundRobin);
        router.Tell("early-1", ActorRefs.NoSender);
        router.Tell("early-2", ActorRefs.NoSender);
        _collector.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // act
        await StartRoutee("late");

        // assert
        Assert.Equal([("late", "early-1"), ("late", "early-2")], Collect(2));
    }

    [Fact]
    public async Task Should_route_only_to_routees_on_nodes_with_the_role()
    {
        // arrange: this node has role "front" only
        await StartRoutee("r0");
        var front = Routes.RouterFor(Service, RoutingStrategy.RoundRobin, role: "front");
        var workers = Routes.RouterFor(Service, RoutingStrategy.RoundRobin, role: "worker");

        // act
        workers.Tell("to-workers", ActorRefs.NoSender);
        front.Tell("to-front", ActorRefs.NoSender);

        // assert: the worker router has nobody to send to, so it holds its message
        Assert.Equal(("r0", "to-front"), Collect(1).Single());
        _collector.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Empty(await Routes.GetRouteesAsync(Service, "worker"));
    }
}
