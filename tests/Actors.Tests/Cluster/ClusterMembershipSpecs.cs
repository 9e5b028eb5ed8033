using Akka.Cluster;
using static Akka.Cluster.ClusterEvent;

namespace Actors.Tests.Cluster;

/// <summary>
/// Membership with the split-brain resolver (keep-majority), three actor systems on loopback in one process:
/// when one crashes (its remoting stops dead, it never leaves), the other two see it unreachable, the
/// resolver downs it, it is removed, and the two go on working: they answer each other and take in a new node.
/// Failure detection and the resolver run on short timers, so the whole story takes a few seconds.
/// </summary>
public sealed class ClusterMembershipSpecs : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly InProcessCluster _cluster;

    // Nothing is stored here, so each node keeps its own in-memory journal.
    public ClusterMembershipSpecs(ITestOutputHelper output) : base(output: output) =>
        _cluster = new InProcessCluster("membership", output, sharedJournal: false);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_down_and_remove_a_crashed_node_and_keep_working_with_the_majority()
    {
        // arrange: the first node forms the cluster, two more join it; a probe on each survivor follows membership
        var first = _cluster.StartNode("first");
        var (victim, survivor) = (_cluster.StartNode("victim", seed: first), _cluster.StartNode("survivor", seed: first));
        await _cluster.AwaitUpAsync([first, victim, survivor]);
        var probes = new[] { Follow(first), Follow(survivor) };
        var victimAddress = Akka.Cluster.Cluster.Get(victim).SelfAddress;
        survivor.ActorOf(Props.Create(() => new Echo()), "echo");

        Mark("three nodes up");

        // act: a crash, as the others see it
        await InProcessCluster.CrashAsync(victim);
        Mark("one crashed");

        // assert: unreachable, then removed as Down, on both survivors
        foreach (var probe in probes)
        {
            await probe.FishForMessageAsync<UnreachableMember>(e => e.Member.Address == victimAddress, Wait, "the crashed node unreachable");
            var removed = await probe.FishForMessageAsync<MemberRemoved>(e => e.Member.Address == victimAddress, Wait, "the crashed node removed");
            Assert.Equal(MemberStatus.Down, removed.PreviousStatus);
        }

        Mark("the crashed node downed and removed");

        // ... and the two go on: a round trip between them, and a new node joins and is Up on both
        var echo = first.ActorSelection(new RootActorPath(Akka.Cluster.Cluster.Get(survivor).SelfAddress) / "user" / "echo");
        Assert.Equal("still here?", await echo.Ask<string>("still here?", Wait));
        var newcomer = _cluster.StartNode("newcomer", seed: first);
        var newcomerAddress = Akka.Cluster.Cluster.Get(newcomer).SelfAddress;
        foreach (var probe in probes)
            await probe.FishForMessageAsync<MemberUp>(e => e.Member.Address == newcomerAddress, Wait, "the new node up");
        await _cluster.AwaitUpAsync([first, survivor, newcomer]);
        Mark("a new node up");
    }

    /// <summary>A probe on <paramref name="system"/> that receives its membership and reachability events.</summary>
    private Akka.TestKit.TestProbe Follow(ActorSystem system)
    {
        var probe = CreateTestProbe(system);
        Akka.Cluster.Cluster.Get(system).Subscribe(probe.Ref, SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(IMemberEvent), typeof(IReachabilityEvent));
        return probe;
    }

    private void Mark(string message) => _cluster.Log(message);

    /// <summary>Answers every message with itself.</summary>
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }
}
