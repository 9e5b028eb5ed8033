using Akka.Cluster;
using static Akka.Cluster.ClusterEvent;

namespace Actors.Tests.Cluster;

/// <summary>
/// Membership with the split-brain resolver (keep-majority), three actor systems on loopback in one process:
/// when one crashes (its remoting stops dead, it never leaves), the other two see it unreachable, the
/// resolver downs it, it is removed, and the two go on working: they answer each other and take in a new node.
/// Failure detection and the resolver run on short timers, so the whole story takes a few seconds.
/// </summary>
public sealed class ClusterMembershipSpecs : TestKit
{
    private const string SystemName = "membership";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          coordinated-shutdown {
            run-by-clr-shutdown-hook = off
            # Terminate() is the crash here; nothing leaves the cluster on its way down.
            run-by-actor-system-terminate = off
            exit-clr = off
          }
          cluster {
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver { active-strategy = keep-majority, stable-after = 2s }
            # Quick, but a healthy node stalled by a busy machine for a second is not taken for dead.
            failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 2s, threshold = 8.0 }
            unreachable-nodes-reaper-interval = 200ms
            gossip-interval = 200ms
            leader-actions-interval = 200ms
          }
        }
        """);

    private readonly List<ActorSystem> _others = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public ClusterMembershipSpecs(ITestOutputHelper output) : base(NodeConfig, SystemName, output)
    {
    }

    [Fact]
    public async Task Should_down_and_remove_a_crashed_node_and_keep_working_with_the_majority()
    {
        // arrange: this spec's system forms the cluster, two more join it; a probe on each survivor follows membership
        var first = Sys;
        Akka.Cluster.Cluster.Get(first).Join(Akka.Cluster.Cluster.Get(first).SelfAddress);
        var (victim, survivor) = (StartNode(), StartNode());
        await AwaitMembersUpAsync([first, victim, survivor]);
        var probes = new[] { Follow(first), Follow(survivor) };
        var victimAddress = Akka.Cluster.Cluster.Get(victim).SelfAddress;
        survivor.ActorOf(Props.Create(() => new Echo()), "echo");

        Mark("three nodes up");

        // act: a crash, as the others see it
        await CrashAsync(victim);
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
        var newcomer = StartNode();
        var newcomerAddress = Akka.Cluster.Cluster.Get(newcomer).SelfAddress;
        foreach (var probe in probes)
            await probe.FishForMessageAsync<MemberUp>(e => e.Member.Address == newcomerAddress, Wait, "the new node up");
        await AwaitMembersUpAsync([first, survivor, newcomer]);
        Mark("a new node up");
    }

    protected override void AfterAll()
    {
        Task.WhenAll(_others.Select(s => s.Terminate())).Wait(Wait);
        base.AfterAll();
    }

    /// <summary>A new actor system that joins the cluster through the spec's own system, the first seed.</summary>
    private ActorSystem StartNode()
    {
        // Like the spec's own system, the others log to the test's output rather than to stdout.
        var system = ActorSystem.Create(SystemName, ConfigurationFactory.ParseString("akka.loggers = [\"Akka.TestKit.TestEventListener, Akka.TestKit\"]").WithFallback(NodeConfig));
        _others.Add(system);
        InitializeLogger(system, $"[node {_others.Count + 1}] ");
        Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(Sys).SelfAddress);
        return system;
    }

    private async Task AwaitMembersUpAsync(ActorSystem[] systems)
    {
        var addresses = systems.Select(s => Akka.Cluster.Cluster.Get(s).SelfAddress).ToHashSet();
        await AwaitConditionAsync(() => systems.All(s =>
                Akka.Cluster.Cluster.Get(s).State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).ToHashSet().SetEquals(addresses)),
            Wait, TimeSpan.FromMilliseconds(50), $"every one of {systems.Length} nodes sees exactly those {systems.Length} members up");
    }

    /// <summary>A probe on <paramref name="system"/> that receives its membership and reachability events.</summary>
    private Akka.TestKit.TestProbe Follow(ActorSystem system)
    {
        var probe = CreateTestProbe(system);
        Akka.Cluster.Cluster.Get(system).Subscribe(probe.Ref, SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(IMemberEvent), typeof(IReachabilityEvent));
        return probe;
    }

    /// <summary>The node's transport stops dead, then its system: no leave, no goodbye, as in a process crash.</summary>
    private static async Task CrashAsync(ActorSystem node)
    {
        var remote = (Akka.Remote.RemoteActorRefProvider)((ExtendedActorSystem)node).Provider;
        await remote.Transport.Shutdown();
        await node.Terminate();
    }

    private void Mark(string message) => Output?.WriteLine($"{_clock.Elapsed.TotalSeconds,5:0.0} s  {message}");

    /// <summary>Answers every message with itself.</summary>
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }
}
