using Actors.Kafka.Edge.Groups;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>Every message of the Kafka group protocol that crosses nodes or reaches the journal round-trips through its serializer.</summary>
public sealed class KafkaGroupsSerializerSpecs(ITestOutputHelper output) : TestKit(KafkaGroupsSettings.DefaultConfig(), output: output)
{
    private static readonly CommittedOffset Offset = new("orders", 3, 1234567890123, "meta", 1_700_000_000_000);

    public static TheoryData<string> MessageNames => new(Samples.Keys);

    private static Dictionary<string, object> Samples => new()
    {
        ["JoinKafkaGroup"] = new JoinKafkaGroup("g", "m-1", "instance", "client", "/127.0.0.1", 10_000, 300_000, "consumer",
            [new("range", [1, 2]), new("roundrobin", [])], true),
        ["JoinKafkaGroupFirst"] = new JoinKafkaGroup("g", "", null, "", "", 6000, 6000, "consumer", [], false),
        ["KafkaGroupJoined"] = new KafkaGroupJoined(0, 7, "consumer", "range", "m-1", "m-2", [new("m-1", null, [1]), new("m-2", "i", [])]),
        ["KafkaGroupJoinedError"] = KafkaGroupJoined.Error(ErrorCode.MemberIdRequired, "c-1"),
        ["SyncKafkaGroup"] = new SyncKafkaGroup("g", 7, "m-1", "consumer", null, [new("m-1", [9]), new("m-2", [])]),
        ["KafkaGroupSynced"] = new KafkaGroupSynced(0, "consumer", "range", [4, 5]),
        ["KafkaGroupSyncedError"] = KafkaGroupSynced.Error(ErrorCode.RebalanceInProgress),
        ["KafkaHeartbeat"] = new KafkaHeartbeat("g", 7, "m-1"),
        ["KafkaGroupAnswer"] = KafkaGroupAnswer.Of(ErrorCode.IllegalGeneration),
        ["KafkaGroupAnswerNegative"] = KafkaGroupAnswer.Of(ErrorCode.UnknownServerError),
        ["LeaveKafkaGroup"] = new LeaveKafkaGroup("g", ["m-1", "m-2"]),
        ["KafkaGroupLeft"] = new KafkaGroupLeft([new("m-1", 0), new("m-2", 25)]),
        ["CommitKafkaOffsets"] = new CommitKafkaOffsets("g", -1, "", [Offset, Offset with { Partition = 0, Metadata = "" }]),
        ["FetchKafkaOffsets"] = new FetchKafkaOffsets("g", [new("orders", 0), new("audit", 2)]),
        ["FetchKafkaOffsetsAll"] = new FetchKafkaOffsets("g", null),
        ["FetchKafkaOffsetsNone"] = new FetchKafkaOffsets("g", []),
        ["KafkaOffsets"] = new KafkaOffsets([Offset]),
        ["DescribeKafkaGroup"] = new DescribeKafkaGroup("g"),
        ["KafkaGroupDescription"] = new KafkaGroupDescription("g", "Stable", "consumer", "range",
            [new("m-1", null, "client", "/10.0.0.1", [1], [2]), new("m-2", "i", "", "", [], [])]),
        ["KafkaOffsetsCommitted"] = new KafkaOffsetsCommitted([Offset]),
        ["KafkaGroupSnapshot"] = new KafkaGroupSnapshot([Offset, Offset with { Topic = "audit" }]),
        ["RegisterKafkaGroup"] = new RegisterKafkaGroup("g"),
        ["KafkaGroupRegistered"] = new KafkaGroupRegistered("g"),
        ["ListKafkaGroups"] = ListKafkaGroups.Instance,
        ["KafkaGroupNames"] = new KafkaGroupNames(["g", "h"]),
        ["KafkaGroupAdded"] = new KafkaGroupAdded("g"),
        ["KafkaGroupRegistrySnapshot"] = new KafkaGroupRegistrySnapshot(["g", "h"]),
    };

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Should_round_trip_every_wire_message_through_protobuf(string name)
    {
        // arrange
        var original = Samples[name];
        var serializer = Sys.Serialization.FindSerializerFor(original);

        // act
        var bytes = serializer.ToBinary(original);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        var copy = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        // assert: the same type, every field survives (re-encoding gives the same bytes), nulls stay null
        Assert.IsType<KafkaGroupsSerializer>(serializer);
        Assert.Equal(original.GetType(), copy.GetType());
        Assert.Equal(bytes, serializer.ToBinary(copy));
        Assert.Equal(Describe(original), Describe(copy));
    }

    [Fact]
    public void Should_keep_its_id_and_give_every_message_type_its_own_manifest()
    {
        var serializer = Sys.Serialization.FindSerializerFor(ListKafkaGroups.Instance);

        Assert.Equal(7303, serializer.Identifier);
        Assert.Equal(KafkaGroupsSerializer.Manifests.Count(), KafkaGroupsSerializer.Manifests.Distinct().Count());
        var wireTypes = typeof(IKafkaGroupsWireMessage).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IKafkaGroupsWireMessage).IsAssignableFrom(t));
        Assert.All(wireTypes, t => Assert.Contains(Samples.Values, s => s.GetType() == t));
    }

    /// <summary>Records print their fields, but byte arrays and lists only by type: spell those out too.</summary>
    private static string Describe(object message) =>
        System.Text.Json.JsonSerializer.Serialize(message, message.GetType());
}
