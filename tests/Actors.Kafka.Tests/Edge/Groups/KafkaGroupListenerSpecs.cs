using Actors.Kafka.Edge.Groups;
using Actors.Kafka.Server;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// Kafka consumer groups through real listeners over a two-node in-process cluster, driven frame by frame as a
/// client would: two members rebalancing as one joins, leaves or falls silent, offsets committed and fetched, and
/// committed offsets surviving a crash of the node that hosted the group.
/// </summary>
public sealed class KafkaGroupListenerSpecs(ITestOutputHelper output)
{
    private const short JoinV = 5;
    private const short SyncV = 3;
    private const short HeartbeatV = 3;
    private static readonly TimeSpan Wait = InProcessCluster.Wait;

    private static JoinGroupRequest JoinRequest(string group, string memberId, int sessionMs = 10_000) => new()
    {
        GroupId = group,
        MemberId = memberId,
        SessionTimeoutMs = sessionMs,
        RebalanceTimeoutMs = 10_000,
        ProtocolType = "consumer",
        Protocols = [new() { Name = "range", Metadata = Encoding.UTF8.GetBytes("orders") }],
    };

    private static SyncGroupRequest SyncRequest(string group, int generation, string memberId, params (string Member, string Assignment)[] assignments) => new()
    {
        GroupId = group,
        GenerationId = generation,
        MemberId = memberId,
        Assignments = assignments.Select(a => new SyncGroupRequest.Assignment { MemberId = a.Member, Bytes = Encoding.UTF8.GetBytes(a.Assignment) }).ToList(),
    };

    private static HeartbeatRequest Heartbeat(string group, int generation, string memberId) =>
        new() { GroupId = group, GenerationId = generation, MemberId = memberId };

    /// <summary>A first JoinGroup (v4+): the coordinator answers MEMBER_ID_REQUIRED with the id to join with.</summary>
    private static async Task<string> MemberIdAsync(KafkaTestClient client, string group, int sessionMs = 10_000)
    {
        var told = await client.AskAsync<JoinGroupResponse>(JoinRequest(group, "", sessionMs), JoinV);
        Assert.Equal((short)ErrorCode.MemberIdRequired, told.ErrorCode);
        return told.MemberId;
    }

    /// <summary>Heartbeats until the group answers <paramref name="expected"/> (each heartbeat also keeps the member alive).</summary>
    private static Task<HeartbeatResponse> HeartbeatUntilAsync(KafkaTestClient client, string group, int generation, string memberId, ErrorCode expected, string why) =>
        Poll.UntilAsync(() => client.AskAsync<HeartbeatResponse>(Heartbeat(group, generation, memberId), HeartbeatV),
            r => r.ErrorCode == (short)expected, Wait, why, r => ((ErrorCode)r.ErrorCode).ToString());

    /// <summary>Member a (leader) and member b in a Stable generation 2, a joined on one connection and b on another.</summary>
    private static async Task<(string A, string B)> TwoMembersAsync(KafkaTestClient a, KafkaTestClient b, string group, int bSessionMs = 10_000)
    {
        var aId = await MemberIdAsync(a, group);
        var first = await a.AskAsync<JoinGroupResponse>(JoinRequest(group, aId), JoinV);
        await a.AskAsync<SyncGroupResponse>(SyncRequest(group, first.GenerationId, aId, (aId, "a")), SyncV);
        var bId = await MemberIdAsync(b, group, bSessionMs);
        var bJoin = await b.SendAsync<JoinGroupResponse>(JoinRequest(group, bId, bSessionMs), JoinV);
        await HeartbeatUntilAsync(a, group, first.GenerationId, aId, ErrorCode.RebalanceInProgress, "the leader told to rejoin");
        var second = await a.AskAsync<JoinGroupResponse>(JoinRequest(group, aId), JoinV);
        await bJoin;
        var bSync = await b.SendAsync<SyncGroupResponse>(SyncRequest(group, second.GenerationId, bId), SyncV);
        await a.AskAsync<SyncGroupResponse>(SyncRequest(group, second.GenerationId, aId, (aId, "a"), (bId, "b")), SyncV);
        Assert.Equal("b", Encoding.UTF8.GetString((await bSync).Assignment.Span));
        return (aId, bId);
    }

    [Fact]
    public async Task Should_rebalance_when_a_second_member_joins_and_hand_each_member_the_leaders_assignment()
    {
        // arrange: member a alone in generation 1, on node 0; member b comes through node 1
        await using var cluster = await GroupCluster.StartAsync("kafka-group-join", output, "a", "b");
        await using var a = await cluster.ConnectAsync(0, "alpha");
        await using var b = await cluster.ConnectAsync(1, "beta");
        const string group = "billing";
        var aId = await MemberIdAsync(a, group);
        var first = await a.AskAsync<JoinGroupResponse>(JoinRequest(group, aId), JoinV);
        var alone = await a.AskAsync<SyncGroupResponse>(SyncRequest(group, 1, aId, (aId, "all")), SyncV);

        // act: b joins; its JoinGroup is held until a, told by its heartbeat, rejoins
        var bId = await MemberIdAsync(b, group);
        var bJoin = await b.SendAsync<JoinGroupResponse>(JoinRequest(group, bId), JoinV);
        var told = await HeartbeatUntilAsync(a, group, 1, aId, ErrorCode.RebalanceInProgress, "a told to rejoin after b joined");
        var aJoined = await a.AskAsync<JoinGroupResponse>(JoinRequest(group, aId), JoinV);
        var bJoined = await bJoin;
        var bSync = await b.SendAsync<SyncGroupResponse>(SyncRequest(group, 2, bId), SyncV);
        var aSynced = await a.AskAsync<SyncGroupResponse>(SyncRequest(group, 2, aId, (aId, "orders-0"), (bId, "orders-1")), SyncV);
        var bSynced = await bSync;
        var described = await b.AskAsync<DescribeGroupsResponse>(new DescribeGroupsRequest { Groups = [group, "never-seen"] }, 5);
        var listed = await Poll.UntilAsync(() => a.AskAsync<ListGroupsResponse>(new ListGroupsRequest { StatesFilter = ["stable"] }, 4),
            r => r.Groups.Any(g => g.GroupId == group), Wait, "the group listed as Stable");

        // assert
        Assert.Equal((1, aId, "range"), (first.GenerationId, first.Leader, first.ProtocolName));
        Assert.Equal("all", Encoding.UTF8.GetString(alone.Assignment.Span));
        Assert.StartsWith("alpha-", aId);
        Assert.StartsWith("beta-", bId);
        Assert.Equal((short)ErrorCode.RebalanceInProgress, told.ErrorCode);
        Assert.Equal((2, aId), (aJoined.GenerationId, aJoined.Leader));
        Assert.Equal(new[] { aId, bId }.Order(), aJoined.Members.Select(m => m.MemberId).Order());
        Assert.All(aJoined.Members, m => Assert.Equal("orders", Encoding.UTF8.GetString(m.Metadata.Span)));
        Assert.Equal((2, aId), (bJoined.GenerationId, bJoined.Leader));
        Assert.Empty(bJoined.Members);
        Assert.Equal("orders-0", Encoding.UTF8.GetString(aSynced.Assignment.Span));
        Assert.Equal("orders-1", Encoding.UTF8.GetString(bSynced.Assignment.Span));
        var billing = described.Groups[0];
        Assert.Equal(("Stable", "consumer", "range"), (billing.GroupState, billing.ProtocolType, billing.ProtocolData));
        var bMember = billing.Members.Single(m => m.MemberId == bId);
        Assert.Equal(("beta", "/127.0.0.1", "orders-1"), (bMember.ClientId, bMember.ClientHost, Encoding.UTF8.GetString(bMember.MemberAssignment.Span)));
        Assert.Equal("Dead", described.Groups[1].GroupState);
        Assert.Equal(("consumer", "Stable"), listed.Groups.Where(g => g.GroupId == group).Select(g => (g.ProtocolType, g.GroupState)).Single());
    }

    [Fact]
    public async Task Should_rebalance_when_a_member_leaves_and_when_a_member_stops_heartbeating()
    {
        // arrange
        await using var cluster = await GroupCluster.StartAsync("kafka-group-leave", output, "a", "b");
        await using var a = await cluster.ConnectAsync(0, "alpha");
        await using var b = await cluster.ConnectAsync(1, "beta");
        const string group = "shipping";
        var (aId, bId) = await TwoMembersAsync(a, b, group);

        // act 1: b leaves (LeaveGroup v3, a list of members)
        var left = await b.AskAsync<LeaveGroupResponse>(new LeaveGroupRequest { GroupId = group, Members = [new() { MemberId = bId }] }, 3);
        await HeartbeatUntilAsync(a, group, 2, aId, ErrorCode.RebalanceInProgress, "a told to rejoin after b left");
        var alone = await a.AskAsync<JoinGroupResponse>(JoinRequest(group, aId), JoinV);
        await a.AskAsync<SyncGroupResponse>(SyncRequest(group, 3, aId, (aId, "all")), SyncV);

        // assert 1
        Assert.Equal((short)ErrorCode.None, left.ErrorCode);
        Assert.Equal((short)ErrorCode.None, Assert.Single(left.Members).ErrorCode);
        Assert.Equal((3, aId), (alone.GenerationId, alone.Leader));
        Assert.Equal([aId], alone.Members.Select(m => m.MemberId));

        // act 2: a new b with a one-second session joins, then falls silent while a keeps heartbeating
        await using var b2 = await cluster.ConnectAsync(1, "beta");
        var b2Id = await MemberIdAsync(b2, group, 1000);
        var b2Join = await b2.SendAsync<JoinGroupResponse>(JoinRequest(group, b2Id, 1000), JoinV);
        await HeartbeatUntilAsync(a, group, 3, aId, ErrorCode.RebalanceInProgress, "a told to rejoin after the new b joined");
        var both = await a.AskAsync<JoinGroupResponse>(JoinRequest(group, aId), JoinV);
        await b2Join;
        await a.AskAsync<SyncGroupResponse>(SyncRequest(group, 4, aId, (aId, "a"), (b2Id, "b")), SyncV);
        await HeartbeatUntilAsync(a, group, 4, aId, ErrorCode.RebalanceInProgress, "a told to rejoin after the new b's session ran out");
        var again = await a.AskAsync<JoinGroupResponse>(JoinRequest(group, aId), JoinV);
        var late = await b2.AskAsync<HeartbeatResponse>(Heartbeat(group, 4, b2Id), HeartbeatV);

        // assert 2
        Assert.Equal(2, both.Members.Count);
        Assert.Equal(5, again.GenerationId);
        Assert.Equal([aId], again.Members.Select(m => m.MemberId));
        Assert.Equal((short)ErrorCode.UnknownMemberId, late.ErrorCode);
    }

    [Fact]
    public async Task Should_commit_offsets_with_their_metadata_and_fetch_them_back()
    {
        // arrange: one member in generation 1
        await using var cluster = await GroupCluster.StartAsync("kafka-group-offsets", output, "a");
        await using var client = await cluster.ConnectAsync(0, "alpha");
        const string group = "audit";
        var memberId = await MemberIdAsync(client, group);
        await client.AskAsync<JoinGroupResponse>(JoinRequest(group, memberId), JoinV);
        await client.AskAsync<SyncGroupResponse>(SyncRequest(group, 1, memberId, (memberId, "all")), SyncV);
        OffsetCommitRequest Commit(string g, int generation, string member, params (int Partition, long Offset, string? Metadata)[] offsets) => new()
        {
            GroupId = g,
            GenerationId = generation,
            MemberId = member,
            Topics = [new() { Name = "orders", Partitions = offsets.Select(o => new OffsetCommitRequest.Partition { PartitionIndex = o.Partition, CommittedOffset = o.Offset, CommittedMetadata = o.Metadata }).ToList() }],
        };

        // act
        var committed = await client.AskAsync<OffsetCommitResponse>(Commit(group, 1, memberId, (0, 42, "at 42"), (1, 7, null), (3, 1, new string('x', 5000))), 7);
        var stale = await client.AskAsync<OffsetCommitResponse>(Commit(group, 0, memberId, (0, 99, null)), 7);
        var stranger = await client.AskAsync<OffsetCommitResponse>(Commit(group, -1, "", (0, 99, null)), 7);
        var simple = await client.AskAsync<OffsetCommitResponse>(Commit("standalone", -1, "", (2, 5, "mine")), 2);
        var some = await client.AskAsync<OffsetFetchResponse>(new OffsetFetchRequest { GroupId = group, Topics = [new() { Name = "orders", PartitionIndexes = [0, 1, 2] }] }, 5);
        var all = await client.AskAsync<OffsetFetchResponse>(new OffsetFetchRequest { GroupId = group, Topics = null }, 7);
        var standalone = await client.AskAsync<OffsetFetchResponse>(new OffsetFetchRequest { GroupId = "standalone", Topics = [new() { Name = "orders", PartitionIndexes = [2] }] }, 1);

        // assert
        Assert.Equal([0, 0, 12], committed.Topics.Single().Partitions.Select(p => (int)p.ErrorCode));
        Assert.Equal((short)ErrorCode.IllegalGeneration, stale.Topics.Single().Partitions.Single().ErrorCode);
        Assert.Equal((short)ErrorCode.UnknownMemberId, stranger.Topics.Single().Partitions.Single().ErrorCode);
        Assert.Equal((short)ErrorCode.None, simple.Topics.Single().Partitions.Single().ErrorCode);
        Assert.Equal([(0, 42L, "at 42"), (1, 7L, ""), (2, -1L, "")],
            some.Topics.Single().Partitions.Select(p => (p.PartitionIndex, p.CommittedOffset, p.Metadata)));
        Assert.Equal((short)ErrorCode.None, all.ErrorCode);
        Assert.Equal([(0, 42L), (1, 7L)], all.Topics.Single().Partitions.Select(p => (p.PartitionIndex, p.CommittedOffset)));
        Assert.Equal((5L, "mine"), standalone.Topics.Single().Partitions.Select(p => (p.CommittedOffset, p.Metadata)).Single());
    }

    [Fact]
    public async Task Should_keep_committed_offsets_when_the_node_hosting_the_group_crashes()
    {
        // arrange: a group whose entity runs on the node the survivor will down (the other keeps the majority)
        await using var cluster = await GroupCluster.StartAsync("kafka-group-crash", output, "a", "b");
        var survivor = cluster.Keeper;
        var victim = 1 - survivor;
        await using var client = await cluster.ConnectAsync(survivor, "alpha");
        OffsetCommitRequest Commit(string g, int generation, string member, long offset) => new()
        {
            GroupId = g,
            GenerationId = generation,
            MemberId = member,
            Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, CommittedOffset = offset, CommittedMetadata = $"at {offset}" }, new() { PartitionIndex = 1, CommittedOffset = offset * 2 }] }],
        };
        // New group names until one lands on the victim: shards go only to regions the coordinator knows, and the
        // victim's region may register a while after both nodes are up (on a loaded machine, seconds).
        var tried = 0;
        var group = await Poll.UntilAsync(async () =>
        {
            var candidate = $"durable-{tried++}";
            // The first requests may find sharding still allocating (COORDINATOR_NOT_AVAILABLE): a client retries.
            await Poll.UntilAsync(() => client.AskAsync<OffsetCommitResponse>(Commit(candidate, -1, "", 1), 7),
                r => r.Topics[0].Partitions[0].ErrorCode == (short)ErrorCode.None, Wait, $"a simple commit to {candidate} accepted");
            return await cluster.HostOfAsync(candidate) == victim ? candidate : null;
        }, g => g is not null, Wait, $"a group whose entity runs on node {victim}");
        Assert.NotNull(group);
        var memberId = await MemberIdAsync(client, group);
        await client.AskAsync<JoinGroupResponse>(JoinRequest(group, memberId), JoinV);
        await client.AskAsync<SyncGroupResponse>(SyncRequest(group, 1, memberId, (memberId, "all")), SyncV);
        // Four commits in all: a snapshot after the third, one event after it.
        foreach (var offset in new long[] { 10, 20, 30 })
            Assert.Equal((short)ErrorCode.None, (await client.AskAsync<OffsetCommitResponse>(Commit(group, 1, memberId, offset), 7)).Topics[0].Partitions[0].ErrorCode);
        cluster.Cluster.Log($"group {group} on node {victim}, committed up to 30");

        // act
        await cluster.CrashAsync(victim);
        var rejoin = await HeartbeatUntilAsync(client, group, 1, memberId, ErrorCode.UnknownMemberId, "the member unknown to the group's new entity");
        var fetched = await client.AskAsync<OffsetFetchResponse>(new OffsetFetchRequest { GroupId = group, Topics = null }, 7);
        var newId = await MemberIdAsync(client, group);
        var joined = await client.AskAsync<JoinGroupResponse>(JoinRequest(group, newId), JoinV);

        // assert: membership rebuilt by rejoining, offsets as committed
        Assert.Equal((short)ErrorCode.UnknownMemberId, rejoin.ErrorCode);
        Assert.Equal((short)ErrorCode.None, fetched.ErrorCode);
        Assert.Equal([(0, 30L, "at 30"), (1, 60L, "")],
            fetched.Topics.Single().Partitions.Select(p => (p.PartitionIndex, p.CommittedOffset, p.Metadata)));
        Assert.Equal((short)ErrorCode.None, joined.ErrorCode);
        Assert.Equal(survivor, await cluster.HostOfAsync(group));
        var groups = KafkaGroups.Get(cluster.Nodes[survivor]);
        Assert.Contains(group, await groups.ListAsync(Wait));
        Assert.Equal(["orders:0=30", "orders:1=60"], (await groups.CommittedAsync(group, Wait)).Select(o => $"{o.Topic}:{o.Partition}={o.Offset}").Order());
        Assert.Equal("CompletingRebalance", (await groups.DescribeAsync(group, Wait)).State);
    }
}
