using Actors.Kafka.Edge.Groups;
using Akka.Cluster.Sharding;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// The group entity's life in its shard region: it stops itself once it has no members and no requests for
/// <c>passivate-after</c> (its offsets stay in the journal and come back with the next request), and it never does
/// while the group has members.
/// </summary>
public sealed class KafkaGroupActorSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;

    [Fact]
    public async Task Should_passivate_a_group_without_members_and_recover_its_offsets_on_the_next_request()
    {
        // arrange
        await using var cluster = await GroupCluster.StartAsync("kafka-group-passivate", output, configure: null, extraConfig: "actors.edge.kafka.groups.passivate-after = 1s", nodes: "a");
        var groups = KafkaGroups.Get(cluster.Nodes[0]);
        var commit = new CommitKafkaOffsets("idle", -1, "", [new CommittedOffset("orders", 0, 12, "m", 1)]);
        await Poll.UntilAsync(() => groups.Groups.Ask<KafkaGroupAnswer>(commit, TimeSpan.FromSeconds(5)), a => a.ErrorCode == 0, Wait, "the commit accepted");
        var join = new JoinKafkaGroup("busy", "", null, "c", "", 10_000, 10_000, "consumer", [new GroupProtocol("range", [])], false);
        var joined = await groups.Groups.Ask<KafkaGroupJoined>(join, Wait);

        // act
        await cluster.Cluster.UntilAsync(async () => await cluster.HostOfAsync("idle") == -1, "the idle group passivated");
        var committed = await groups.CommittedAsync("idle", Wait);

        // assert: the group with a member is still running (and its member known) after the idle one stopped
        Assert.Equal(0, await cluster.HostOfAsync("busy"));
        Assert.Equal(0, (await groups.Groups.Ask<KafkaGroupAnswer>(new KafkaHeartbeat("busy", 1, joined.MemberId), Wait)).ErrorCode);
        Assert.Equal([12L], committed.Select(o => o.Offset));
    }

    [Fact]
    public void Should_read_the_documented_defaults()
    {
        var settings = KafkaGroupsSettings.Create(Akka.Configuration.Config.Empty);

        Assert.Equal(new GroupRules(6000, 1_800_000, 0), settings.Rules);
        Assert.Equal((500, 4096), (settings.SnapshotEvery, settings.MaxMetadataSize));
        Assert.Equal(TimeSpan.FromMinutes(2), settings.PassivateAfter);
    }
}
