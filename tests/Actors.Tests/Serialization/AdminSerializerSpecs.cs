using Actors.Consumers;
using Actors.Gateway;
using Actors.Partitions;
using Actors.Serialization;
using Actors.Topics;

namespace Actors.Tests.Serialization;

/// <summary>
/// The operator requests (cluster, topic deletion, partition and group admin, group names, external groups) and the registry's events
/// through the core's serializer: each survives a round trip field for field, under a manifest of its own.
/// </summary>
public sealed class AdminSerializerSpecs(SharedActorSystem shared) : IClassFixture<SharedActorSystem>
{
    private ActorSystem Sys => shared.Sys;

    private static readonly TopicName Topic = new("orders");
    private static readonly GroupName Group = new("billing");
    private static readonly PartitionStatus Status = new(Topic, 2, 5, 50, [new GroupStatus(Group, 7, 3, true), new GroupStatus(new GroupName("audit"), 0, 0, false)]);

    public static TheoryData<string> MessageNames => new(Samples().Keys);

    private static Dictionary<string, object> Samples() => new()
    {
        ["DeleteTopic"] = new DeleteTopic(Topic),
        ["TopicDeleted"] = new TopicDeleted(Topic, [Topic, new TopicName("orders.dlq")], 16, [Group, new GroupName("redrive")]),
        ["TopicDeletionStarted"] = new TopicDeletionStarted(Topic, 8),
        ["TopicDeletionFinished"] = new TopicDeletionFinished(Topic),
        ["ForgetTopic"] = new ForgetTopic(Topic),
        ["DescribePartition"] = new DescribePartition(Topic, 3),
        ["PartitionDescription"] = new PartitionDescription(Status, "akka.tcp://actors@10.0.0.1:4053"),
        ["DeletePartition"] = new DeletePartition(Topic, 3),
        ["PartitionDeleted"] = new PartitionDeleted(Topic, 3, [Group]),
        ["DescribeGroup"] = new DescribeGroup(Topic, Group),
        ["GroupDescription"] = new GroupDescription(Topic, Group, 12, [new GroupMemberInfo("consumer-orders-billing-1", "akka.tcp://actors@10.0.0.1:4053", [0, 2]),
            new GroupMemberInfo("consumer-orders-billing-2", "akka.tcp://actors@10.0.0.2:4053", [])]),
        ["ResetGroup"] = new ResetGroup(Topic, Group, StartFrom.AtTime(DateTimeOffset.UnixEpoch.AddDays(3))),
        ["GroupOffsetsReset"] = new GroupOffsetsReset(Topic, Group, [Status, Status with { Partition = 3 }]),
        ["GroupResetRefused"] = new GroupResetRefused(Topic, Group, "has members"),
        ["GroupStopped"] = new GroupStopped(Topic, Group, "topic 'orders' was deleted"),
        ["DeleteGroup"] = new DeleteGroup(Topic, Group),
        ["GroupDeleted"] = new GroupDeleted(Topic, Group),
        ["ClaimGroupName"] = new ClaimGroupName(Group, GroupKinds.Kafka),
        ["GroupNameOwner"] = new GroupNameOwner(Group, GroupKinds.Native),
        ["GroupNameClaimed"] = new GroupNameClaimed(Group, GroupKinds.Kafka),
        ["ListExternalGroups"] = ListExternalGroups.Instance,
        ["ExternalGroupList"] = new ExternalGroupList([
            new ExternalGroupInfo(Group, GroupKinds.Kafka, "active",
                [new ExternalGroupMember("kafka-python-1", "app", "127.0.0.1", [new ExternalTopicPartition(Topic, 0), new ExternalTopicPartition(Topic, 2)]),
                    new ExternalGroupMember("kafka-python-2", "app", "", [])],
                [new ExternalGroupOffset(Topic, 0, 42), new ExternalGroupOffset(new TopicName("audit"), 1, 0)]),
            new ExternalGroupInfo(new GroupName("idle"), GroupKinds.Kafka, "empty", [], []),
        ]),
        ["GetClusterState"] = GetClusterState.Instance,
        ["ClusterState"] = new ClusterState("akka.tcp://actors@10.0.0.1:4053", "akka.tcp://actors@10.0.0.1:4053",
            [new ClusterMemberInfo("akka.tcp://actors@10.0.0.1:4053", "Up", true, ["broker", "worker"]), new ClusterMemberInfo("akka.tcp://actors@10.0.0.2:4053", "Leaving", false, [])]),
        ["LeaveMember"] = new LeaveMember("127.0.0.1:4054"),
        ["DownMember"] = new DownMember("akka.tcp://actors@127.0.0.1:4054"),
        ["MemberCommandAccepted"] = new MemberCommandAccepted("akka.tcp://actors@127.0.0.1:4054", "leaving"),
        ["ClusterCommandRefused"] = new ClusterCommandRefused("no member"),
    };

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Should_round_trip_every_operator_message_through_protobuf(string name)
    {
        // arrange
        var original = Samples()[name];
        var serializer = Sys.Serialization.FindSerializerFor(original);

        // act
        var bytes = serializer.ToBinary(original);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        var copy = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        // assert: the same type, and every field survives (re-encoding gives the same bytes)
        Assert.IsType<ActorsSerializer>(serializer);
        Assert.StartsWith("adm-", manifest);
        Assert.Equal(original.GetType(), copy.GetType());
        Assert.Equal(bytes, serializer.ToBinary(copy));
    }

    [Fact]
    public void Should_give_every_message_a_manifest_of_its_own()
    {
        var manifests = ActorsSerializer.Manifests.ToList();

        Assert.Equal(manifests.Count, manifests.Distinct().Count());
    }
}
