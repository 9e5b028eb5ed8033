using Actors.Routing;
using Akka.Cluster;

namespace Actors.Tests.Routing;

public sealed class RouteeTableSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly Address Self = new("akka.tcp", "sys", "127.0.0.1", 1000);
    private static readonly Address Worker = new("akka.tcp", "sys", "127.0.0.1", 2000);
    private static readonly ServiceName Service = new("billing");
    private static readonly IReadOnlySet<string> FrontRoles = new HashSet<string> { "front" };
    private static readonly IReadOnlySet<string> WorkerRoles = new HashSet<string> { "worker" };

    private RouteeTable UpTable(out IActorRef mine, out IActorRef theirs)
    {
        var table = new RouteeTable(Self);
        table.MemberChanged(Self, MemberStatus.Up, FrontRoles);
        table.MemberChanged(Worker, MemberStatus.Up, WorkerRoles);
        mine = CreateTestProbe().Ref;
        theirs = CreateTestProbe().Ref;
        table.Register(Service, mine);
        table.Apply(new RouteeSnapshot(Worker, 1, [new ServiceRoutees(Service, [theirs])]));
        return table;
    }

    [Fact]
    public void Should_list_the_routees_of_members_with_the_role_only()
    {
        // arrange
        var table = UpTable(out var mine, out var theirs);

        // act
        var any = table.List(Service, role: null).Select(r => r.Actor);
        var workers = table.List(Service, "worker").Select(r => r.Actor);
        var nobody = table.List(Service, "batch");

        // assert
        Assert.Equal(new[] { mine, theirs }.ToHashSet(), any.ToHashSet());
        Assert.Equal([theirs], workers);
        Assert.Empty(nobody);
    }

    [Fact]
    public void Should_leave_out_an_unreachable_member_until_it_is_back_and_forget_a_removed_one()
    {
        // arrange
        var table = UpTable(out _, out var theirs);

        // act, assert
        table.SetReachable(Worker, reachable: false);
        Assert.Empty(table.List(Service, "worker"));
        table.SetReachable(Worker, reachable: true);
        Assert.Equal([theirs], table.List(Service, "worker").Select(r => r.Actor));
        table.MemberChanged(Worker, MemberStatus.Removed, WorkerRoles);
        table.MemberChanged(Worker, MemberStatus.Up, WorkerRoles);
        Assert.Empty(table.List(Service, "worker"));
    }

    [Fact]
    public void Should_ignore_stale_snapshots_and_snapshots_of_non_members()
    {
        // arrange
        var table = UpTable(out _, out var theirs);
        var stranger = new Address("akka.tcp", "sys", "127.0.0.1", 3000);

        // act
        var stale = table.Apply(new RouteeSnapshot(Worker, 0, []));
        var fromStranger = table.Apply(new RouteeSnapshot(stranger, 5, [new ServiceRoutees(Service, [TestActor])]));
        var newer = table.Apply(new RouteeSnapshot(Worker, 2, []));

        // assert
        Assert.False(stale);
        Assert.False(fromStranger);
        Assert.True(newer);
        Assert.DoesNotContain(table.List(Service, null), r => r.Actor.Equals(theirs) || r.Actor.Equals(TestActor));
    }

    [Fact]
    public void Should_drop_a_stopped_local_routee_from_every_service_and_bump_the_version()
    {
        // arrange
        var table = UpTable(out var mine, out _);
        table.Register(new ServiceName("audit"), mine);
        var version = table.LocalVersion;

        // act
        var changed = table.RemoveLocal(mine);

        // assert
        Assert.True(changed);
        Assert.True(table.LocalVersion > version);
        Assert.Empty(table.LocalSnapshot().Services);
    }
}
