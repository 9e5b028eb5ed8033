using Actors.Consumers;
using Actors.Kafka.Edge.Groups;
using Actors.Topics;
using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// A group name is a native group's or a Kafka group's, never both, whichever node is asked: JoinGroup and
/// OffsetCommit on a native group's name are answered INVALID_GROUP_ID, and a native consumer joining a Kafka
/// group's name is stopped with one line. Kafka groups show through the core (<see cref="Broker.ListExternalGroupsAsync"/>)
/// with their state, members, assigned partitions and committed offsets, as <c>actors groups</c> lists them.
/// </summary>
public sealed class KafkaGroupNameSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;

    private static JoinGroupRequest JoinRequest(string group, string memberId) => new()
    {
        GroupId = group,
        MemberId = memberId,
        SessionTimeoutMs = 10_000,
        RebalanceTimeoutMs = 10_000,
        ProtocolType = "consumer",
        Protocols = [new() { Name = "range", Metadata = "\0\0\0\0\0\u0001\0\u0006orders\0\0\0\0"u8.ToArray() }],
    };

    private static OffsetCommitRequest Commit(string group, int generation, string member, params (int Partition, long Offset)[] offsets) => new()
    {
        GroupId = group,
        GenerationId = generation,
        MemberId = member,
        Topics = [new() { Name = "orders", Partitions = offsets.Select(o => new OffsetCommitRequest.Partition { PartitionIndex = o.Partition, CommittedOffset = o.Offset }).ToList() }],
    };

    /// <summary>ConsumerProtocolAssignment v0: "orders" partitions <paramref name="partitions"/>, no user data.</summary>
    private static byte[] Assignment(params int[] partitions)
    {
        var bytes = new List<byte> { 0, 0, 0, 0, 0, 1, 0, 6 };
        bytes.AddRange("orders"u8.ToArray());
        bytes.AddRange(BitConverter.GetBytes(System.Net.IPAddress.HostToNetworkOrder(partitions.Length)));
        foreach (var p in partitions) bytes.AddRange(BitConverter.GetBytes(System.Net.IPAddress.HostToNetworkOrder(p)));
        bytes.AddRange(new byte[] { 0xff, 0xff, 0xff, 0xff });
        return [.. bytes];
    }

    [Fact]
    public async Task Should_refuse_kafka_requests_on_a_native_groups_name_and_native_consumers_on_a_kafka_groups_name()
    {
        // arrange: native groups hold "billing" (claimed as its first member joins), on the other node than the Kafka client's
        await using var cluster = await GroupCluster.StartAsync("kafka-group-names", output, "a", "b");
        var native = Broker.Get(cluster.Nodes[0]);
        var orders = new TopicName("orders");
        await native.Client.CreateTopicAsync(orders, 2, Wait);
        var nativeConsumer = new TestProbe(cluster.Nodes[0], new XunitAssertions());
        native.Subscribe(ConsumerSettings.Create(cluster.Nodes[0], orders, new GroupName("billing")), nativeConsumer.Ref);
        await Poll.UntilAsync(() => native.Client.DescribeGroupAsync(orders, new GroupName("billing"), Wait), g => g.Members.Count == 1, Wait,
            "the native consumer a member of billing (the coordinator claimed the name first)", g => $"{g.Members.Count} members");
        await using var client = await cluster.ConnectAsync(1, "kafka-app");

        // act
        var join = await client.AskAsync<JoinGroupResponse>(JoinRequest("billing", ""), 5);
        var commit = await client.AskAsync<OffsetCommitResponse>(Commit("billing", -1, "", (0, 5)), 7);
        var kafkaCommit = await client.AskAsync<OffsetCommitResponse>(Commit("shipping", -1, "", (0, 5)), 7);
        var refusedConsumer = new TestProbe(cluster.Nodes[0], new XunitAssertions());
        native.Subscribe(ConsumerSettings.Create(cluster.Nodes[0], orders, new GroupName("shipping")), refusedConsumer.Ref);

        // assert: Kafka is refused the native name, the native consumer the Kafka name, each with the reason
        Assert.Equal((short)ErrorCode.InvalidGroupId, join.ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidGroupId, commit.Topics.Single().Partitions.Single().ErrorCode);
        Assert.Equal((short)ErrorCode.None, kafkaCommit.Topics.Single().Partitions.Single().ErrorCode);
        var stopped = await refusedConsumer.ExpectMsgAsync<GroupStopped>(Wait);
        Assert.Equal("group 'shipping' is a Kafka consumer group; choose another name", stopped.Reason);
        var fetched = await client.AskAsync<OffsetFetchResponse>(new OffsetFetchRequest { GroupId = "billing", Topics = null }, 7);
        Assert.Empty(fetched.Topics);
    }

    [Fact]
    public async Task Should_list_kafka_groups_through_the_core_with_members_assignments_and_committed_offsets()
    {
        // arrange: "stocked" has one member holding partitions 0 and 2 and commits; "drained" only committed
        await using var cluster = await GroupCluster.StartAsync("kafka-group-listing", output, "a");
        await using var client = await cluster.ConnectAsync(0, "kafka-app");
        var told = await client.AskAsync<JoinGroupResponse>(JoinRequest("stocked", ""), 5);
        var joined = await client.AskAsync<JoinGroupResponse>(JoinRequest("stocked", told.MemberId), 5);
        var synced = await client.AskAsync<SyncGroupResponse>(new SyncGroupRequest
        {
            GroupId = "stocked",
            GenerationId = joined.GenerationId,
            MemberId = told.MemberId,
            Assignments = [new() { MemberId = told.MemberId, Bytes = Assignment(0, 2) }],
        }, 3);
        await client.AskAsync<OffsetCommitResponse>(Commit("stocked", joined.GenerationId, told.MemberId, (0, 12), (2, 3)), 7);
        await client.AskAsync<OffsetCommitResponse>(Commit("drained", -1, "", (1, 40)), 7);

        // act
        var listed = await Poll.UntilAsync(() => Broker.Get(cluster.Nodes[0]).ListExternalGroupsAsync(Wait), l => l.Groups.Count == 2, Wait,
            "both groups registered", l => string.Join(",", l.Groups.Select(g => g.Group)));

        // assert
        Assert.Equal((short)ErrorCode.None, synced.ErrorCode);
        var drained = listed.Groups[0];
        Assert.Equal(("drained", GroupKinds.Kafka, "empty"), (drained.Group.Value, drained.Kind, drained.State));
        Assert.Empty(drained.Members);
        Assert.Equal([new ExternalGroupOffset(new TopicName("orders"), 1, 40)], drained.Offsets);
        var stocked = listed.Groups[1];
        Assert.Equal(("stocked", "active"), (stocked.Group.Value, stocked.State));
        var member = Assert.Single(stocked.Members);
        Assert.Equal((told.MemberId, "kafka-app", "127.0.0.1"), (member.Member, member.Client, member.Host));
        Assert.Equal([0, 2], member.Partitions.Select(p => p.Partition));
        Assert.Equal([(0, 12L), (2, 3L)], stocked.Offsets.Select(o => (o.Partition, o.Offset)));
    }

    [Fact]
    public void Should_read_no_partitions_from_an_assignment_that_does_not_parse()
    {
        Assert.Equal([1, 3], KafkaGroupSource.Assigned(Assignment(1, 3)).Select(p => p.Partition));
        Assert.Empty(KafkaGroupSource.Assigned([0, 0, 0, 0, 0, 1, 0, 60, 1]));
        Assert.Empty(KafkaGroupSource.Assigned([]));
    }
}
