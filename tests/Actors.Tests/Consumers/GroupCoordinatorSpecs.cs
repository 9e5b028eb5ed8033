using Actors.Consumers;
using Actors.Topics;
using Akka.TestKit;

namespace Actors.Tests.Consumers;

/// <summary>
/// The coordinator of one consumer group, driven directly (no sharding): the generations it issues only ever
/// grow, across restarts and moves, whatever the clock of the node it lands on says, because partitions and
/// members ignore an assignment whose generation is not above the one they hold.
/// </summary>
public sealed class GroupCoordinatorSpecs(ITestOutputHelper output) : TestKit(TestConfig.ClusterNode(), output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TopicName Topic = new("orders");
    private static readonly GroupName Group = new("billing");
    private static readonly TopicSpec Spec = new(Topic, 4, TimeSpan.FromDays(1), 1000, 1024, TimeSpan.FromSeconds(30), 5);

    [Fact]
    public void Should_issue_a_generation_above_the_members_after_moving_to_a_node_with_a_slower_clock()
    {
        // arrange: the member holds a generation issued by the coordinator's previous home, whose clock ran an hour ahead
        var member = CreateTestProbe();
        var known = DateTime.UtcNow.AddHours(1).Ticks;
        var coordinator = StartCoordinator();

        // act
        coordinator.Tell(new JoinGroup(Topic, Group, member.Ref, known));

        // assert
        var assignment = member.ExpectMsg<GroupAssignment>(Wait);
        Assert.True(assignment.Generation > known, $"generation {assignment.Generation} is not above {known}, so the member ignores it");
        Assert.Equal([0, 1, 2, 3], assignment.Partitions);
    }

    [Fact]
    public void Should_never_issue_a_lower_generation_after_a_restart()
    {
        // arrange: a first incarnation deals the partitions to one member
        var first = StartCoordinator();
        var a = CreateTestProbe();
        first.Tell(new JoinGroup(Topic, Group, a.Ref, long.MinValue));
        var before = a.ExpectMsg<GroupAssignment>(Wait).Generation;
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, Wait);

        // act: the coordinator starts again (a restart, or a move) and a member that knows nothing joins
        var second = StartCoordinator();
        var b = CreateTestProbe();
        second.Tell(new JoinGroup(Topic, Group, b.Ref, long.MinValue));

        // assert
        var after = b.ExpectMsg<GroupAssignment>(Wait).Generation;
        Assert.True(after > before, $"generation {after} after the restart is not above {before} before it");
    }

    [Fact]
    public void Should_stop_members_that_join_a_name_held_by_kafka_groups_and_deal_them_nothing()
    {
        // arrange: the registry says Kafka groups hold the name (it was claimed through the Kafka listener first)
        var coordinator = StartCoordinator(owner: GroupKinds.Kafka);
        var member = CreateTestProbe();

        // act
        coordinator.Tell(new JoinGroup(Topic, Group, member.Ref, long.MinValue));
        coordinator.Tell(new JoinGroup(Topic, Group, member.Ref, long.MinValue));

        // assert: each join is told why, with the one line a consumer prints, and no partition is dealt
        Assert.Equal("group 'billing' is a Kafka consumer group; choose another name", member.ExpectMsg<GroupStopped>(Wait).Reason);
        Assert.Equal("group 'billing' is a Kafka consumer group; choose another name", member.ExpectMsg<GroupStopped>(Wait).Reason);
        member.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    /// <summary>
    /// Starts the group's coordinator and answers its topic lookup as the registry would, and its claim of the group's
    /// name with <paramref name="owner"/> (native groups hold it, unless told otherwise).
    /// </summary>
    private IActorRef StartCoordinator(string owner = GroupKinds.Native)
    {
        var registry = CreateTestProbe();
        var coordinator = Sys.ActorOf(GroupCoordinator.Props(GroupCoordinator.EntityId(Topic, Group), registry.Ref, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)));
        registry.ExpectMsg<GetTopic>(Wait);
        registry.Reply(new TopicInfo(Spec));
        registry.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is ClaimGroupName claim) sender.Tell(new GroupNameOwner(claim.Group, owner));
            return AutoPilot.KeepRunning;
        }));
        return coordinator;
    }
}
