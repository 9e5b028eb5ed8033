using Actors.Consumers;
using Actors.Partitions;
using Actors.Routing;
using Actors.Topics;
using Akka.Cluster;
using Akka.Routing;
using Akka.TestKit;

namespace Actors.Tests.Routing;

/// <summary>
/// Three nodes in one process on loopback: "a" (this spec's own system, role front) and "b", "c" (role
/// worker). Routees register on their own nodes; routers and routes on another node reach them over
/// remoting, by strategy and by role, and lose them when their node leaves or they stop.
/// </summary>
public sealed class RoutingAcrossNodesSpecs : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly ServiceName Service = new("work");
    private readonly TestProbe _collector;
    private ActorSystem _b = null!;
    private ActorSystem _c = null!;

    public RoutingAcrossNodesSpecs(ITestOutputHelper output) : base(NodeConfig("front", "INFO"), "routing", output) => _collector = CreateTestProbe();

    private static Config NodeConfig(string role, string logLevel) => TestConfig.ClusterNode(extra: $$"""
        akka.loglevel = {{logLevel}}
        akka.cluster {
          roles = [{{role}}]
          gossip-interval = 200ms
          leader-actions-interval = 200ms
          # Nothing here crashes; a generous pause keeps a busy machine from marking a node unreachable mid-spec.
          failure-detector.acceptable-heartbeat-pause = 6s
        }
        actors.routing.gossip-interval = 500ms
        """);

    public async Task InitializeAsync()
    {
        _b = ActorSystem.Create("routing", NodeConfig("worker", "WARNING"));
        _c = ActorSystem.Create("routing", NodeConfig("worker", "WARNING"));
        var seed = Akka.Cluster.Cluster.Get(Sys).SelfAddress;
        foreach (var node in new[] { Sys, _b, _c }) Akka.Cluster.Cluster.Get(node).Join(seed);
        await AwaitConditionAsync(() => Task.FromResult(new[] { Sys, _b, _c }.All(n => Akka.Cluster.Cluster.Get(n).State.Members.Count(m => m.Status == MemberStatus.Up) == 3)),
            Wait, TimeSpan.FromMilliseconds(100), "all three nodes should be up on every node");
    }

    public async Task DisposeAsync() => await Task.WhenAll(_b.Terminate(), _c.Terminate());

    /// <summary>Starts a recorder named <paramref name="name"/> on <paramref name="node"/> and registers it there; it reports to the collector on "a" over remoting.</summary>
    private async Task StartRoutee(ActorSystem node, string name)
    {
        var collectorPath = _collector.Ref.Path.ToStringWithAddress(Akka.Cluster.Cluster.Get(Sys).SelfAddress);
        var collector = node == Sys ? _collector.Ref : await node.ActorSelection(collectorPath).ResolveOne(Wait);
        await Routes.Get(node).RegisterAsync(Service, node.ActorOf(Recorder.Props(name, collector), name));
    }

    private async Task AwaitRoutees(ActorSystem node, string? role, int count) =>
        await AwaitAssertAsync(async () => Assert.Equal(count, (await Routes.Get(node).GetRouteesAsync(Service, role)).Count), Wait, TimeSpan.FromMilliseconds(100));

    private List<(string Routee, string Message)> Collect(int count) =>
        Enumerable.Range(0, count).Select(_ => Recorder.Parse(_collector.ExpectMsg<string>(Wait))).ToList();

    [Fact]
    public async Task Should_route_across_nodes_by_strategy_and_role_and_forget_a_node_that_leaves()
    {
        // arrange: a0 on the front node, b0 b1 c0 c1 on the workers
        await StartRoutee(Sys, "a0");
        foreach (var (node, name) in new[] { (_b, "b0"), (_b, "b1"), (_c, "c0"), (_c, "c1") }) await StartRoutee(node, name);
        foreach (var node in new[] { Sys, _b }) await AwaitRoutees(node, "worker", 4);
        await AwaitRoutees(Sys, null, 5);

        // act, assert: round robin to workers only, evenly
        var roundRobin = Routes.Get(Sys).RouterFor(Service, RoutingStrategy.RoundRobin, "worker");
        for (var i = 0; i < 40; i++) roundRobin.Tell($"rr{i}", ActorRefs.NoSender);
        var spread = Collect(40).GroupBy(r => r.Routee).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["b0"] = 10, ["b1"] = 10, ["c0"] = 10, ["c1"] = 10 }, spread);

        // act, assert: by key, a key reaches the same routee whichever node routes it
        var keyedFromA = Routes.Get(Sys).RouterFor(Service, RoutingStrategy.ConsistentHashing, "worker");
        var keyedFromB = Routes.Get(_b).RouterFor(Service, RoutingStrategy.ConsistentHashing, "worker");
        for (var key = 0; key < 20; key++)
        {
            keyedFromA.Tell(new ConsistentHashableEnvelope($"k{key}", $"k{key}"), ActorRefs.NoSender);
            keyedFromB.Tell(new ConsistentHashableEnvelope($"k{key}", $"k{key}"), ActorRefs.NoSender);
        }

        var keyed = Collect(40);
        Assert.All(keyed.GroupBy(r => r.Message), g => Assert.Single(g.Select(r => r.Routee).Distinct()));
        Assert.DoesNotContain(keyed, r => r.Routee == "a0");

        // act, assert: broadcast, any role, reaches all five
        Routes.Get(Sys).RouterFor(Service, RoutingStrategy.Broadcast).Tell("all", ActorRefs.NoSender);
        Assert.Equal(["a0", "b0", "b1", "c0", "c1"], Collect(5).Select(r => r.Routee).Order());

        // act, assert: c leaves; its routees are gone from routing
        Akka.Cluster.Cluster.Get(Sys).Leave(Akka.Cluster.Cluster.Get(_c).SelfAddress);
        await AwaitRoutees(Sys, "worker", 2);
        for (var i = 0; i < 4; i++) roundRobin.Tell($"after{i}", ActorRefs.NoSender);
        Assert.Equal(["b0", "b0", "b1", "b1"], Collect(4).Select(r => r.Routee).Order());

        // act, assert: a routee of b registered through a's registry is owned (and announced) by b's
        var b2 = _b.ActorOf(Recorder.Props("b2", await _b.ActorSelection(_collector.Ref.Path.ToStringWithAddress(Akka.Cluster.Cluster.Get(Sys).SelfAddress)).ResolveOne(Wait)), "b2");
        var remote = await Sys.ActorSelection(b2.Path.ToStringWithAddress(Akka.Cluster.Cluster.Get(_b).SelfAddress)).ResolveOne(Wait);
        await Routes.Get(Sys).RegisterAsync(Service, remote);
        Assert.Contains(b2, await Routes.Get(_b).GetRouteesAsync(Service, "worker"));
        await AwaitRoutees(Sys, "worker", 3);
        for (var i = 0; i < 3; i++) roundRobin.Tell($"three{i}", ActorRefs.NoSender);
        Assert.Equal(["b0", "b1", "b2"], Collect(3).Select(r => r.Routee).Order());
    }

    [Fact]
    public async Task Should_route_a_topic_to_routees_on_other_nodes_and_redeliver_what_a_stopped_one_held()
    {
        // arrange: a recorder (auto-ack) on b, a probe that never acks on c, and a front routee that must get nothing
        await StartRoutee(Sys, "a0");
        await StartRoutee(_b, "b0");
        var holder = CreateTestProbe(_c);
        await Routes.Get(_c).RegisterAsync(Service, holder.Ref);
        await AwaitRoutees(Sys, "worker", 2);
        var broker = Broker.Get(Sys);
        await broker.Client.CreateTopicAsync(new TopicName("jobs"), 2, Wait);
        for (var i = 0; i < 20; i++) await broker.Client.PublishAsync(new TopicName("jobs"), System.Text.Encoding.UTF8.GetBytes($"job{i}"), $"key{i}", timeout: Wait);

        // act: a route on "a" to the workers, round robin: half to b0, half held by the probe on c
        Routes.Get(Sys).RouteTopic(new ConsumerSettings(new TopicName("jobs"), new GroupName("workers"), 100, StartFrom.Earliest),
            new TopicRouteSettings(Service, RoutingStrategy.RoundRobin, Role: "worker"));
        var held = Enumerable.Range(0, 10).Select(_ => holder.ExpectMsg<Delivery>(Wait)).ToList();
        var first = Collect(10);
        _c.Stop(holder.Ref);
        var redelivered = Collect(10);

        // assert: every job reached b0, the held ones a second time; all committed; nothing to the front node
        Assert.All(first.Concat(redelivered), r => Assert.Equal("b0", r.Routee));
        var jobs = first.Concat(redelivered).Select(r => r.Message.Split('|')[2]).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"job{i}").Order(), jobs.Order());
        Assert.Equal(held.Select(d => System.Text.Encoding.UTF8.GetString(d.Message.Payload)).Order(), redelivered.Select(r => r.Message.Split('|')[2]).Order());
        await AwaitAssertAsync(async () =>
        {
            var status = await broker.Client.GetStatusAsync(new TopicName("jobs"), Wait);
            Assert.Equal(20, status.Sum(p => p.Groups.Single(g => g.Group.Value == "workers").CommittedOffset));
        }, Wait, TimeSpan.FromMilliseconds(100));
        _collector.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
