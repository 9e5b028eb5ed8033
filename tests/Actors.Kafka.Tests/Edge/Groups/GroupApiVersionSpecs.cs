using Actors.Kafka.Server;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// One member's whole life in a group at the oldest and at the newest version of every group API served
/// (<see cref="SupportedApis"/>): non-flexible and flexible encodings, with and without MEMBER_ID_REQUIRED, single
/// and batched LeaveGroup, per-partition and top-level OffsetFetch errors.
/// </summary>
public sealed class GroupApiVersionSpecs(ITestOutputHelper output)
{
    public static TheoryData<bool> Newest => new(false, true);

    private static short V(ApiKey api, bool newest) => newest ? SupportedApis.Of(api).Max : SupportedApis.Of(api).Min;

    [Theory]
    [MemberData(nameof(Newest))]
    public async Task Should_serve_a_members_join_sync_heartbeat_commit_fetch_describe_list_and_leave(bool newest)
    {
        // arrange
        await using var cluster = await GroupCluster.StartAsync(newest ? "kafka-group-newest" : "kafka-group-oldest", output, "a");
        await using var client = await cluster.ConnectAsync(0, "versions");
        var group = newest ? "newest" : "oldest";
        JoinGroupRequest Join(string memberId) => new()
        {
            GroupId = group, MemberId = memberId, SessionTimeoutMs = 10_000, RebalanceTimeoutMs = 10_000, ProtocolType = "consumer",
            Protocols = [new() { Name = "range", Metadata = new byte[] { 1 } }],
        };
        var (join, sync, heartbeat, leave) = (V(ApiKey.JoinGroup, newest), V(ApiKey.SyncGroup, newest), V(ApiKey.Heartbeat, newest), V(ApiKey.LeaveGroup, newest));
        var (describe, list) = (V(ApiKey.DescribeGroups, newest), V(ApiKey.ListGroups, newest));
        // OffsetCommit v0 has no generation (a simple commit); v1 is the oldest a member commits with.
        var (commit, fetch) = (newest ? V(ApiKey.OffsetCommit, true) : (short)1, newest ? V(ApiKey.OffsetFetch, true) : (short)1);

        // act
        var joined = await client.AskAsync<JoinGroupResponse>(Join(""), join);
        if (joined.ErrorCode == (short)ErrorCode.MemberIdRequired) joined = await client.AskAsync<JoinGroupResponse>(Join(joined.MemberId), join);
        var memberId = joined.MemberId;
        var synced = await client.AskAsync<SyncGroupResponse>(new SyncGroupRequest
        {
            GroupId = group, GenerationId = 1, MemberId = memberId, ProtocolType = "consumer", ProtocolName = "range",
            Assignments = [new() { MemberId = memberId, Bytes = new byte[] { 7 } }],
        }, sync);
        var beat = await client.AskAsync<HeartbeatResponse>(new HeartbeatRequest { GroupId = group, GenerationId = 1, MemberId = memberId }, heartbeat);
        var committed = await client.AskAsync<OffsetCommitResponse>(new OffsetCommitRequest
        {
            GroupId = group, GenerationId = 1, MemberId = memberId,
            Topics = [new() { Name = "orders", Partitions = [new() { PartitionIndex = 0, CommittedOffset = 5, CommittedMetadata = "m" }] }],
        }, commit);
        var fetched = await client.AskAsync<OffsetFetchResponse>(new OffsetFetchRequest { GroupId = group, Topics = [new() { Name = "orders", PartitionIndexes = [0, 1] }] }, fetch);
        var described = await client.AskAsync<DescribeGroupsResponse>(new DescribeGroupsRequest { Groups = [group] }, describe);
        var listed = await Poll.UntilAsync(() => client.AskAsync<ListGroupsResponse>(new ListGroupsRequest(), list),
            r => r.Groups.Any(g => g.GroupId == group), InProcessCluster.Wait, "the group registered");
        var left = await client.AskAsync<LeaveGroupResponse>(new LeaveGroupRequest { GroupId = group, MemberId = memberId, Members = [new() { MemberId = memberId }] }, leave);
        var after = await client.AskAsync<DescribeGroupsResponse>(new DescribeGroupsRequest { Groups = [group] }, describe);

        // assert
        Assert.Equal((short)ErrorCode.None, joined.ErrorCode);
        Assert.Equal((1, memberId, "range"), (joined.GenerationId, joined.Leader, joined.ProtocolName));
        Assert.StartsWith("versions-", memberId);
        Assert.Equal((short)ErrorCode.None, synced.ErrorCode);
        Assert.Equal([7], synced.Assignment.ToArray());
        Assert.Equal((short)ErrorCode.None, beat.ErrorCode);
        Assert.Equal((short)ErrorCode.None, committed.Topics.Single().Partitions.Single().ErrorCode);
        Assert.Equal([(5L, "m"), (-1L, "")], fetched.Topics.Single().Partitions.Select(p => (p.CommittedOffset, p.Metadata)));
        var group1 = described.Groups.Single();
        Assert.Equal(("Stable", "range", "versions"), (group1.GroupState, group1.ProtocolData, group1.Members.Single().ClientId));
        Assert.Equal([7], group1.Members.Single().MemberAssignment.ToArray());
        Assert.Equal("consumer", listed.Groups.Single(g => g.GroupId == group).ProtocolType);
        Assert.Equal((short)ErrorCode.None, left.ErrorCode);
        if (newest) Assert.Equal((short)ErrorCode.None, left.Members.Single().ErrorCode);
        Assert.Equal(("Empty", 0), (after.Groups.Single().GroupState, after.Groups.Single().Members.Count));
    }
}
