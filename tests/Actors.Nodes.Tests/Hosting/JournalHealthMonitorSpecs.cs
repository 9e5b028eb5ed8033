using Actors.Nodes.Hosting.Health;
using Actors.Testing;
using Akka.TestKit.Xunit2;

namespace Actors.Nodes.Tests.Hosting;

/// <summary>
/// The journal health monitor's judgement, in process against a journal that is slow or failing on purpose:
/// a journal whose writes all fail is found unwritable, with the journal's reason, and a node alone keeps its
/// partitions (leaving would help no one: the process spec <see cref="JournalHealthProcessSpecs"/> has a second
/// node, and there it leaves); one whose writes are slower than the probe timeout but complete stays healthy.
/// Short thresholds; the waits are on conditions.
/// </summary>
public sealed class JournalHealthMonitorSpecs
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly JournalHealthSettings Settings = new(Enabled: true, ProbeInterval: TimeSpan.FromMilliseconds(200),
        RetryInterval: TimeSpan.FromMilliseconds(100), ProbeTimeout: TimeSpan.FromMilliseconds(300), UnwritableAfter: TimeSpan.FromSeconds(3),
        LeaveCluster: true);

    private readonly ITestOutputHelper _output;

    public JournalHealthMonitorSpecs(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Should_report_a_journal_whose_writes_all_fail_unwritable_but_stay_when_no_other_node_can_write()
    {
        // arrange: a node alone (no other member to take its partitions)
        using var kit = Kit("mode = failing");
        var health = NodeHealth.Get(kit.Sys);
        var gaveUp = 0;
        kit.Sys.EventStream.Subscribe(kit.TestActor, typeof(Akka.Event.Warning));

        // act
        kit.Sys.ActorOf(JournalHealthMonitor.Props(Settings, health, () => Interlocked.Increment(ref gaveUp)));

        // assert: not ready, with the journal's own reason; it says once why it stays, and does not leave
        await Poll.Until(() => !health.Ready, Wait, "the journal judged unwritable");
        Assert.StartsWith("no write completed for ", health.Journal.Reason);
        await Poll.Until(() => (health.Journal.Reason ?? "").Contains("attempt to write a readonly database", StringComparison.Ordinal), Wait,
            "the journal's own error as the reason");
        var staying = kit.FishForMessage<Akka.Event.Warning>(w => w.Message.ToString()!.Contains("leaving would not help", StringComparison.Ordinal), Wait);
        Assert.Contains("no other node's journal takes writes either (0 asked)", staying.Message.ToString());
        Assert.Equal(0, Volatile.Read(ref gaveUp));
    }

    [Fact]
    public async Task Should_keep_a_slow_journal_whose_writes_complete_healthy()
    {
        // arrange: every write takes longer than the probe timeout, far less than unwritable-after
        using var kit = Kit("mode = slow, delay = 600ms");
        var health = NodeHealth.Get(kit.Sys);
        var gaveUp = 0;
        var before = SwitchableJournal.Completed;

        // act
        kit.Sys.ActorOf(JournalHealthMonitor.Props(Settings, health, () => Interlocked.Increment(ref gaveUp)));

        // assert: eight slow probes later (several times unwritable-after), still writable
        await Poll.Until(() => SwitchableJournal.Completed - before >= 8, Wait, "eight slow probe writes completed");
        Assert.True(health.Ready, health.Journal.Reason);
        Assert.Equal(0, Volatile.Read(ref gaveUp));
    }

    private TestKit Kit(string journal) => new(TestConfig.ClusterNode(extra: $$"""
        akka.persistence.journal.plugin = "switchable-journal"
        switchable-journal {
          class = "Actors.Nodes.Tests.Hosting.SwitchableJournal, Actors.Nodes.Tests"
          plugin-dispatcher = "akka.actor.default-dispatcher"
          {{journal}}
        }
        """), output: _output);
}
