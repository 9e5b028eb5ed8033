using Actors.Kafka.Edge.Groups;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// The classic group protocol as a state machine, driven with plain string tokens and a hand-held clock: the
/// answers Kafka's GroupCoordinator gives to joins, syncs, heartbeats, leaves, commits and the passage of time.
/// </summary>
public sealed class ClassicGroupSpecs
{
    private static readonly GroupRules Rules = new(MinSessionTimeoutMs: 1000, MaxSessionTimeoutMs: 60_000, InitialRebalanceDelayMs: 0);
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static JoinKafkaGroup Join(string memberId = "", string client = "client", int sessionMs = 10_000, int rebalanceMs = 30_000,
        bool requireId = false, string[]? protocols = null, string metadata = "m") =>
        new("g", memberId, null, client, "/127.0.0.1", sessionMs, rebalanceMs, "consumer",
            (protocols ?? ["range"]).Select(p => new GroupProtocol(p, Encoding.UTF8.GetBytes(metadata))).ToList(), requireId);

    private static KafkaGroupJoined JoinedOf(IReadOnlyList<GroupReply> replies, object token) =>
        (KafkaGroupJoined)replies.Single(r => r.To.Equals(token)).Message;

    private static KafkaGroupSynced SyncedOf(IReadOnlyList<GroupReply> replies, object token) =>
        (KafkaGroupSynced)replies.Single(r => r.To.Equals(token)).Message;

    /// <summary>One member joined and synced: the group is Stable in generation 1 with it as leader.</summary>
    private static (ClassicGroup Group, string Leader) StableWithOne(int sessionMs = 10_000)
    {
        var group = new ClassicGroup("g", Rules);
        var leader = JoinedOf(group.Join(Join(sessionMs: sessionMs), "a1", T0), "a1").MemberId;
        group.Sync(new SyncKafkaGroup("g", 1, leader, null, null, [new(leader, [1])]), "a2", T0);
        return (group, leader);
    }

    /// <summary>Two members of a Stable generation 2, the first the leader.</summary>
    private static (ClassicGroup Group, string Leader, string Follower) StableWithTwo(int sessionMs = 10_000)
    {
        var (group, leader) = StableWithOne(sessionMs);
        var replies = group.Join(Join(client: "other", sessionMs: sessionMs), "b1", T0).ToList();
        replies.AddRange(group.Join(Join(leader, sessionMs: sessionMs), "a3", T0));
        var follower = JoinedOf(replies, "b1").MemberId;
        group.Sync(new SyncKafkaGroup("g", 2, follower, null, null, []), "b2", T0);
        group.Sync(new SyncKafkaGroup("g", 2, leader, null, null, [new(leader, [1]), new(follower, [2])]), "a4", T0);
        Assert.Equal(GroupPhase.Stable, group.State);
        return (group, leader, follower);
    }

    [Fact]
    public void Should_answer_a_first_join_at_v4_with_MEMBER_ID_REQUIRED_and_a_client_prefixed_id()
    {
        // arrange
        var group = new ClassicGroup("g", Rules);

        // act
        var first = JoinedOf(group.Join(Join(client: "kcat", requireId: true), "t1", T0), "t1");
        var second = group.Join(Join(first.MemberId, client: "kcat"), "t2", T0);

        // assert
        Assert.Equal((short)ErrorCode.MemberIdRequired, first.ErrorCode);
        Assert.Equal(-1, first.GenerationId);
        Assert.StartsWith("kcat-", first.MemberId);
        Assert.True(Guid.TryParse(first.MemberId["kcat-".Length..], out _));
        Assert.Equal((short)ErrorCode.None, JoinedOf(second, "t2").ErrorCode);
        Assert.Equal(first.MemberId, JoinedOf(second, "t2").MemberId);
    }

    [Fact]
    public void Should_make_the_first_member_leader_of_generation_1_and_give_it_the_member_list()
    {
        // arrange
        var group = new ClassicGroup("g", Rules);

        // act
        var joined = JoinedOf(group.Join(Join(metadata: "subscription"), "t1", T0), "t1");

        // assert
        Assert.Equal((short)ErrorCode.None, joined.ErrorCode);
        Assert.Equal(1, joined.GenerationId);
        Assert.Equal(joined.MemberId, joined.Leader);
        Assert.Equal("range", joined.ProtocolName);
        Assert.Equal("consumer", joined.ProtocolType);
        var member = Assert.Single(joined.Members);
        Assert.Equal("subscription", Encoding.UTF8.GetString(member.Metadata));
        Assert.Equal(GroupPhase.CompletingRebalance, group.State);
    }

    [Fact]
    public void Should_hold_a_new_members_join_until_the_leader_rejoins_then_answer_both_in_a_new_generation()
    {
        // arrange
        var (group, leader) = StableWithOne();

        // act
        var held = group.Join(Join(client: "other"), "b1", T0.AddSeconds(1));
        var heartbeat = group.Heartbeat(new KafkaHeartbeat("g", 1, leader), T0.AddSeconds(1));
        var released = group.Join(Join(leader), "a3", T0.AddSeconds(2));

        // assert
        Assert.Empty(held);
        Assert.Equal(ErrorCode.RebalanceInProgress, heartbeat);
        var toLeader = JoinedOf(released, "a3");
        var toFollower = JoinedOf(released, "b1");
        Assert.Equal(2, toLeader.GenerationId);
        Assert.Equal(2, toFollower.GenerationId);
        Assert.Equal(leader, toLeader.Leader);
        Assert.Equal(leader, toFollower.Leader);
        Assert.Equal(2, toLeader.Members.Count);
        Assert.Empty(toFollower.Members);
    }

    [Fact]
    public void Should_answer_every_members_SyncGroup_with_the_assignment_the_leader_gave_it()
    {
        // arrange
        var (group, leader) = StableWithOne();
        var replies = group.Join(Join(client: "other"), "b1", T0).Concat(group.Join(Join(leader), "a3", T0)).ToList();
        var follower = JoinedOf(replies, "b1").MemberId;

        // act
        var early = group.Sync(new SyncKafkaGroup("g", 2, follower, "consumer", "range", []), "b2", T0);
        var synced = group.Sync(new SyncKafkaGroup("g", 2, leader, null, null, [new(leader, [1, 1]), new(follower, [2, 2])]), "a4", T0);

        // assert: the follower waits for the leader, then both get their own share
        Assert.Empty(early);
        Assert.Equal([2, 2], SyncedOf(synced, "b2").Assignment);
        Assert.Equal([1, 1], SyncedOf(synced, "a4").Assignment);
        Assert.Equal(GroupPhase.Stable, group.State);
        Assert.Equal([2, 2], SyncedOf(group.Sync(new SyncKafkaGroup("g", 2, follower, null, null, []), "b3", T0), "b3").Assignment);
    }

    [Fact]
    public void Should_refuse_a_join_whose_protocols_the_group_does_not_support()
    {
        // arrange
        var (group, _) = StableWithOne();

        // act
        var other = JoinedOf(group.Join(Join(protocols: ["sticky"]), "t", T0), "t");
        var noProtocols = JoinedOf(new ClassicGroup("h", Rules).Join(Join(protocols: []), "u", T0), "u");

        // assert
        Assert.Equal((short)ErrorCode.InconsistentGroupProtocol, other.ErrorCode);
        Assert.Equal((short)ErrorCode.InconsistentGroupProtocol, noProtocols.ErrorCode);
    }

    [Fact]
    public void Should_choose_the_protocol_all_members_support_that_most_prefer()
    {
        // arrange
        var group = new ClassicGroup("g", Rules);
        var a = JoinedOf(group.Join(Join(protocols: ["sticky", "range", "roundrobin"]), "a1", T0), "a1").MemberId;
        group.Sync(new SyncKafkaGroup("g", 1, a, null, null, []), "a2", T0);

        // act
        var replies = group.Join(Join(client: "b", protocols: ["range", "roundrobin"]), "b1", T0).ToList();
        replies.AddRange(group.Join(Join(a, protocols: ["sticky", "range", "roundrobin"]), "a3", T0));

        // assert: sticky is not supported by b; a votes range (its first supported), b votes range
        Assert.Equal("range", JoinedOf(replies, "a3").ProtocolName);
    }

    [Fact]
    public void Should_answer_heartbeats_of_unknown_members_and_old_generations_as_Kafka_does()
    {
        // arrange
        var (group, leader) = StableWithOne();

        // act / assert
        Assert.Equal(ErrorCode.None, group.Heartbeat(new KafkaHeartbeat("g", 1, leader), T0));
        Assert.Equal(ErrorCode.IllegalGeneration, group.Heartbeat(new KafkaHeartbeat("g", 0, leader), T0));
        Assert.Equal(ErrorCode.UnknownMemberId, group.Heartbeat(new KafkaHeartbeat("g", 1, "stranger"), T0));
        Assert.Equal(ErrorCode.UnknownMemberId, new ClassicGroup("h", Rules).Heartbeat(new KafkaHeartbeat("h", 1, leader), T0));
        Assert.Equal((short)ErrorCode.IllegalGeneration, SyncedOf(group.Sync(new SyncKafkaGroup("g", 7, leader, null, null, []), "s", T0), "s").ErrorCode);
        Assert.Equal((short)ErrorCode.UnknownMemberId, JoinedOf(group.Join(Join("stranger"), "j", T0), "j").ErrorCode);
    }

    [Fact]
    public void Should_remove_members_that_do_not_rejoin_before_the_rebalance_timeout()
    {
        // arrange: two members, a third joins; only the leader rejoins
        var (group, leader, follower) = StableWithTwo();
        group.Join(Join(client: "third", rebalanceMs: 5_000), "c1", T0);
        group.Join(Join(leader, rebalanceMs: 5_000), "a5", T0);

        // act: the follower heartbeats (and is told to rejoin) but does not rejoin
        var told = group.Heartbeat(new KafkaHeartbeat("g", 2, follower), T0.AddSeconds(28));
        var before = group.Tick(T0.AddSeconds(29));
        var after = group.Tick(T0.AddSeconds(31));

        // assert: the longest rebalance timeout of the members (30 s) is the deadline
        Assert.Equal(ErrorCode.RebalanceInProgress, told);
        Assert.Empty(before);
        Assert.Equal(2, after.Count);
        Assert.Equal(3, group.Generation);
        Assert.DoesNotContain(follower, group.MemberIds);
        Assert.Equal(2, JoinedOf(after, "a5").Members.Count);
    }

    [Fact]
    public void Should_expire_a_member_that_stops_heartbeating_and_rebalance_the_others()
    {
        // arrange
        var (group, leader, follower) = StableWithTwo(sessionMs: 10_000);

        // act: the leader keeps heartbeating, the follower falls silent
        group.Heartbeat(new KafkaHeartbeat("g", 2, leader), T0.AddSeconds(8));
        var quiet = group.Tick(T0.AddSeconds(9));
        var expired = group.Tick(T0.AddSeconds(11));
        var heartbeat = group.Heartbeat(new KafkaHeartbeat("g", 2, leader), T0.AddSeconds(12));
        var rejoined = group.Join(Join(leader), "a5", T0.AddSeconds(12));

        // assert
        Assert.Empty(quiet);
        Assert.Empty(expired);
        Assert.Equal(GroupPhase.CompletingRebalance, group.State);
        Assert.Equal(ErrorCode.RebalanceInProgress, heartbeat);
        Assert.Equal([leader], group.MemberIds);
        Assert.Equal(3, JoinedOf(rejoined, "a5").GenerationId);
        Assert.DoesNotContain(follower, group.MemberIds);
    }

    [Fact]
    public void Should_rebalance_when_a_member_leaves_and_answer_unknown_leavers()
    {
        // arrange
        var (group, leader, follower) = StableWithTwo();

        // act
        var (results, _) = group.Leave(new LeaveKafkaGroup("g", [leader, "stranger"]), T0);
        var rejoined = group.Join(Join(follower), "b5", T0);

        // assert: the follower becomes leader of the next generation
        Assert.Equal([(short)ErrorCode.None, (short)ErrorCode.UnknownMemberId], results.Select(r => r.ErrorCode));
        var joined = JoinedOf(rejoined, "b5");
        Assert.Equal(3, joined.GenerationId);
        Assert.Equal(follower, joined.Leader);
        Assert.Single(joined.Members);
    }

    [Fact]
    public void Should_become_Empty_in_a_new_generation_when_the_last_member_leaves()
    {
        // arrange
        var (group, leader) = StableWithOne();

        // act
        group.Leave(new LeaveKafkaGroup("g", [leader]), T0);

        // assert
        Assert.Equal(GroupPhase.Empty, group.State);
        Assert.Equal(2, group.Generation);
        Assert.False(group.IsActive);
        Assert.Equal("Empty", group.Describe(exists: true).State);
        Assert.Equal("consumer", group.Describe(exists: true).ProtocolType);
    }

    [Fact]
    public void Should_accept_commits_from_members_of_the_generation_and_simple_commits_only_without_members()
    {
        // arrange
        var empty = new ClassicGroup("h", Rules);
        var (group, leader) = StableWithOne();

        // act / assert
        Assert.Equal(ErrorCode.None, empty.CheckCommit(-1, "", T0));
        Assert.Equal(ErrorCode.UnknownMemberId, empty.CheckCommit(3, "someone", T0));
        Assert.Equal(ErrorCode.None, group.CheckCommit(1, leader, T0));
        Assert.Equal(ErrorCode.UnknownMemberId, group.CheckCommit(-1, "", T0));
        Assert.Equal(ErrorCode.IllegalGeneration, group.CheckCommit(0, leader, T0));
        group.Join(Join(client: "other"), "b1", T0);
        Assert.Equal(ErrorCode.None, group.CheckCommit(1, leader, T0));
        group.Join(Join(leader), "a3", T0);
        Assert.Equal(ErrorCode.RebalanceInProgress, group.CheckCommit(2, leader, T0));
    }

    [Theory]
    [InlineData(999)]
    [InlineData(60_001)]
    public void Should_refuse_a_session_timeout_outside_the_bounds(int sessionMs)
    {
        var group = new ClassicGroup("g", Rules);

        var joined = JoinedOf(group.Join(Join(sessionMs: sessionMs), "t", T0), "t");

        Assert.Equal((short)ErrorCode.InvalidSessionTimeout, joined.ErrorCode);
        Assert.False(group.IsActive);
    }

    [Fact]
    public void Should_wait_the_initial_rebalance_delay_for_more_members_and_extend_it_for_each()
    {
        // arrange
        var group = new ClassicGroup("g", Rules with { InitialRebalanceDelayMs = 3000 });

        // act
        var first = group.Join(Join(), "a1", T0);
        var second = group.Join(Join(client: "b"), "b1", T0.AddSeconds(1));
        var extended = group.Tick(T0.AddSeconds(3));
        var done = group.Tick(T0.AddSeconds(6));

        // assert: the second member bought one more delay; then both are answered in generation 1
        Assert.Empty(first);
        Assert.Empty(second);
        Assert.Empty(extended);
        Assert.Equal(2, done.Count);
        Assert.Equal(1, JoinedOf(done, "a1").GenerationId);
        Assert.Equal(2, JoinedOf(done, "a1").Members.Count);
    }

    [Fact]
    public void Should_answer_waiting_syncs_REBALANCE_IN_PROGRESS_when_a_member_joins_before_the_leader_syncs()
    {
        // arrange
        var (group, leader) = StableWithOne();
        var replies = group.Join(Join(client: "b"), "b1", T0).Concat(group.Join(Join(leader), "a3", T0)).ToList();
        var follower = JoinedOf(replies, "b1").MemberId;
        group.Sync(new SyncKafkaGroup("g", 2, follower, null, null, []), "b2", T0);

        // act
        var third = group.Join(Join(client: "c"), "c1", T0);

        // assert
        Assert.Equal((short)ErrorCode.RebalanceInProgress, SyncedOf(third, "b2").ErrorCode);
        Assert.Equal(GroupPhase.PreparingRebalance, group.State);
    }

    [Fact]
    public void Should_hold_a_rebalance_for_a_pending_member_until_it_joins_or_its_session_runs_out()
    {
        // arrange: a member that was told its id (MEMBER_ID_REQUIRED) and never came back
        var (group, leader) = StableWithOne();
        var told = JoinedOf(group.Join(Join(client: "b", sessionMs: 5000, requireId: true), "b1", T0), "b1");
        group.Join(Join(client: "c"), "c1", T0);

        // act
        var held = group.Join(Join(leader), "a3", T0);
        var released = group.Tick(T0.AddSeconds(6));

        // assert
        Assert.Equal((short)ErrorCode.MemberIdRequired, told.ErrorCode);
        Assert.Empty(held);
        Assert.Equal(2, released.Count);
        Assert.DoesNotContain(told.MemberId, group.MemberIds);
    }

    [Fact]
    public void Should_describe_members_with_their_assignment_only_while_stable()
    {
        // arrange
        var (group, leader, follower) = StableWithTwo();

        // act
        var stable = group.Describe(exists: true);
        group.Join(Join(client: "c"), "c1", T0);
        var rebalancing = group.Describe(exists: true);

        // assert
        Assert.Equal("Stable", stable.State);
        Assert.Equal("range", stable.Protocol);
        Assert.Equal([2], stable.Members.Single(m => m.MemberId == follower).Assignment);
        Assert.Equal("other", stable.Members.Single(m => m.MemberId == follower).ClientId);
        Assert.Equal("/127.0.0.1", stable.Members.Single(m => m.MemberId == leader).ClientHost);
        Assert.Equal("PreparingRebalance", rebalancing.State);
        Assert.Equal("", rebalancing.Protocol);
        Assert.All(rebalancing.Members, m => Assert.Empty(m.Assignment));
        Assert.Equal("Dead", new ClassicGroup("x", Rules).Describe(exists: false).State);
    }
}
