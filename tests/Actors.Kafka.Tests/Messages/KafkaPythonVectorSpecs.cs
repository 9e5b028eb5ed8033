namespace Actors.Kafka.Messages;

/// <summary>
/// Golden vectors from an independent implementation: kafka-python 2.0.2's protocol structs encoded the same
/// messages (kafka_python_vectors.py wrote kafka-python-vectors.txt). Each is written byte for byte, and read back.
/// </summary>
public sealed class KafkaPythonVectorSpecs
{
    private static readonly byte[] Rec = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    private static readonly Dictionary<string, string> Vectors = File.ReadAllLines(
            Path.Combine(AppContext.BaseDirectory, "Messages", "kafka-python-vectors.txt"))
        .Where(line => line.Length > 0)
        .Select(line => line.Split(' '))
        .ToDictionary(parts => parts[0], parts => parts[1]);

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Should_encode_as_kafka_python_does(string name)
    {
        var (message, version) = Cases[name];
        MessageAssert.Encodes(message, version, Vectors[name]);
    }

    [Fact]
    public void Should_have_a_case_for_every_vector() => Assert.Equal(Vectors.Keys.Order(), Cases.Keys.Order());

    internal static Dictionary<string, (IKafkaMessage Message, short Version)> Cases => new()
    {
        ["ApiVersionsResponse.v0"] = (new ApiVersionsResponse { ApiKeys = [Api(0, 3, 9), Api(18, 0, 3)] }, 0),
        ["ApiVersionsResponse.v1"] = (new ApiVersionsResponse { ErrorCode = 35, ApiKeys = [Api(3, 0, 9)], ThrottleTimeMs = 7 }, 1),
        ["MetadataRequest.v0"] = (new MetadataRequest { Topics = [new() { Name = "orders" }, new() { Name = "audit" }] }, 0),
        ["MetadataRequest.v1.null"] = (new MetadataRequest { Topics = null }, 1),
        ["MetadataRequest.v4"] = (new MetadataRequest { Topics = [new() { Name = "orders" }], AllowAutoTopicCreation = false }, 4),
        ["MetadataResponse.v1"] = (new MetadataResponse
        {
            Brokers = [new() { NodeId = 1, Host = "127.0.0.1", Port = 9092 }, new() { NodeId = 2, Host = "b", Port = 9093, Rack = "r2" }],
            ControllerId = 1,
            Topics =
            [
                new() { Name = "orders", Partitions = [Partition(0, 1), Partition(1, 2)] },
                new() { ErrorCode = 3, Name = "gone" },
            ],
        }, 1),
        ["MetadataResponse.v5"] = (new MetadataResponse
        {
            Brokers = [new() { NodeId = 1, Host = "h", Port = 9092 }],
            ClusterId = "cid",
            ControllerId = 1,
            Topics = [new() { Name = "orders", Partitions = [Partition(0, 1)] }],
        }, 5),
        ["ProduceRequest.v3"] = (Produce(-1, 30000, ("orders", 0, Rec)), 3),
        ["ProduceRequest.v7"] = (Produce(1, 1500, ("orders", 0, Rec), ("orders", 1, Rec[..3]), ("audit", 2, Rec)), 7),
        ["ProduceResponse.v7"] = (new ProduceResponse
        {
            Responses = [new() { Name = "orders", PartitionResponses = [new() { Index = 0, BaseOffset = 42, LogAppendTimeMs = -1, LogStartOffset = 3 }] }],
        }, 7),
        ["FetchRequest.v4"] = (new FetchRequest
        {
            MaxWaitMs = 500, MinBytes = 1, MaxBytes = 1048576,
            Topics = [new() { Name = "orders", Partitions = [new() { FetchOffset = 7, PartitionMaxBytes = 65536 }] }],
        }, 4),
        ["FetchRequest.v10"] = (new FetchRequest
        {
            MaxWaitMs = 500, MinBytes = 1, MaxBytes = 52428800, IsolationLevel = 1,
            Topics = [new() { Name = "orders", Partitions = [new() { FetchOffset = 7, PartitionMaxBytes = 1048576 }] }],
        }, 10),
        ["FetchResponse.v4"] = (new FetchResponse
        {
            Responses = [new() { Name = "orders", Partitions = [new() { HighWatermark = 100, LastStableOffset = 100, Records = Rec }] }],
        }, 4),
        ["ListOffsetsRequest.v0"] = (ListOffsets((0, -2)), 0),
        ["ListOffsetsRequest.v1"] = (ListOffsets((0, -1), (1, 1600000000000)), 1),
        ["ListOffsetsResponse.v0"] = (new ListOffsetsResponse
        {
            Topics = [new() { Name = "orders", Partitions = [new() { OldStyleOffsets = [5] }] }],
        }, 0),
        ["ListOffsetsResponse.v1"] = (new ListOffsetsResponse
        {
            Topics = [new() { Name = "orders", Partitions = [new() { Timestamp = -1, Offset = 55 }] }],
        }, 1),
        ["FindCoordinatorRequest.v0"] = (new FindCoordinatorRequest { Key = "billing" }, 0),
        ["FindCoordinatorRequest.v1"] = (new FindCoordinatorRequest { Key = "billing" }, 1),
        ["FindCoordinatorResponse.v0"] = (new FindCoordinatorResponse { NodeId = 1, Host = "127.0.0.1", Port = 9092 }, 0),
        ["JoinGroupRequest.v2"] = (new JoinGroupRequest
        {
            GroupId = "billing", SessionTimeoutMs = 10000, RebalanceTimeoutMs = 300000, ProtocolType = "consumer",
            Protocols = [new() { Name = "range", Metadata = new byte[] { 0, 1 } }],
        }, 2),
        ["JoinGroupResponse.v2"] = (new JoinGroupResponse
        {
            GenerationId = 3, ProtocolName = "range", Leader = "m-1", MemberId = "m-1",
            Members = [new() { MemberId = "m-1", Metadata = new byte[] { 0, 1 } }, new() { MemberId = "m-2" }],
        }, 2),
        ["SyncGroupRequest.v1"] = (new SyncGroupRequest
        {
            GroupId = "billing", GenerationId = 3, MemberId = "m-1",
            Assignments = [new() { MemberId = "m-1", Bytes = new byte[] { 7 } }, new() { MemberId = "m-2", Bytes = new byte[] { 8, 9 } }],
        }, 1),
        ["SyncGroupResponse.v1"] = (new SyncGroupResponse { Assignment = new byte[] { 7 } }, 1),
        ["HeartbeatRequest.v1"] = (new HeartbeatRequest { GroupId = "billing", GenerationId = 3, MemberId = "m-1" }, 1),
        ["HeartbeatResponse.v1"] = (new HeartbeatResponse { ErrorCode = 27 }, 1),
        ["LeaveGroupRequest.v1"] = (new LeaveGroupRequest { GroupId = "billing", MemberId = "m-1" }, 1),
        ["LeaveGroupResponse.v1"] = (new LeaveGroupResponse(), 1),
        ["OffsetCommitRequest.v2"] = (new OffsetCommitRequest
        {
            GroupId = "billing", GenerationId = 3, MemberId = "m-1",
            Topics = [new() { Name = "orders", Partitions = [new() { CommittedOffset = 42, CommittedMetadata = "" }, new() { PartitionIndex = 1, CommittedOffset = 7 }] }],
        }, 2),
        ["OffsetCommitResponse.v2"] = (new OffsetCommitResponse
        {
            Topics = [new() { Name = "orders", Partitions = [new(), new() { PartitionIndex = 1, ErrorCode = 22 }] }],
        }, 2),
        ["OffsetFetchRequest.v1"] = (new OffsetFetchRequest { GroupId = "billing", Topics = [new() { Name = "orders", PartitionIndexes = [0, 1] }] }, 1),
        ["OffsetFetchRequest.v2.null"] = (new OffsetFetchRequest { GroupId = "billing", Topics = null }, 2),
        ["OffsetFetchResponse.v3"] = (new OffsetFetchResponse
        {
            Topics = [new() { Name = "orders", Partitions = [new() { CommittedOffset = 42, Metadata = "" }, new() { PartitionIndex = 1 }] }],
        }, 3),
        ["ListGroupsResponse.v1"] = (new ListGroupsResponse { Groups = [new() { GroupId = "billing", ProtocolType = "consumer" }] }, 1),
        ["DescribeGroupsRequest.v1"] = (new DescribeGroupsRequest { Groups = ["billing"] }, 1),
        ["DescribeGroupsResponse.v1"] = (new DescribeGroupsResponse
        {
            Groups =
            [
                new()
                {
                    GroupId = "billing", GroupState = "Stable", ProtocolType = "consumer", ProtocolData = "range",
                    Members = [new() { MemberId = "m-1", ClientId = "rdkafka", ClientHost = "/127.0.0.1", MemberMetadata = new byte[] { 1 }, MemberAssignment = new byte[] { 2 } }],
                },
            ],
        }, 1),
        ["CreateTopicsRequest.v2"] = (new CreateTopicsRequest
        {
            Topics = [new() { Name = "orders", NumPartitions = 3, ReplicationFactor = 1, Configs = [new() { Name = "retention.ms", Value = "60000" }] }],
            TimeoutMs = 30000,
        }, 2),
        ["CreateTopicsResponse.v2"] = (new CreateTopicsResponse { Topics = [new() { Name = "orders", ErrorCode = 36, ErrorMessage = "exists" }] }, 2),
        ["DeleteTopicsRequest.v1"] = (new DeleteTopicsRequest { TopicNames = ["orders", "audit"], TimeoutMs = 30000 }, 1),
        ["DeleteTopicsResponse.v1"] = (new DeleteTopicsResponse { Responses = [new() { Name = "orders" }, new() { Name = "audit", ErrorCode = 3 }] }, 1),
        ["DescribeConfigsRequest.v1"] = (new DescribeConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = "orders", ConfigurationKeys = ["retention.ms"] }],
            IncludeSynonyms = true,
        }, 1),
        ["DescribeConfigsResponse.v1"] = (new DescribeConfigsResponse
        {
            Results =
            [
                new()
                {
                    ResourceType = 2, ResourceName = "orders",
                    Configs = [new() { Name = "retention.ms", Value = "604800000", ConfigSource = 1, Synonyms = [new() { Name = "retention.ms", Value = "604800000", Source = 5 }] }],
                },
            ],
        }, 1),
    };

    private static ApiVersionsResponse.ApiVersion Api(short key, short min, short max) =>
        new() { ApiKey = key, MinVersion = min, MaxVersion = max };

    private static MetadataResponse.Partition Partition(int index, int leader) =>
        new() { PartitionIndex = index, LeaderId = leader, ReplicaNodes = [leader], IsrNodes = [leader] };

    private static ProduceRequest Produce(short acks, int timeout, params (string Topic, int Partition, byte[] Records)[] data) => new()
    {
        Acks = acks,
        TimeoutMs = timeout,
        TopicData = data.GroupBy(d => d.Topic).Select(g => new ProduceRequest.Topic
        {
            Name = g.Key,
            PartitionData = g.Select(d => new ProduceRequest.Partition { Index = d.Partition, Records = d.Records }).ToList(),
        }).ToList(),
    };

    private static ListOffsetsRequest ListOffsets(params (int Partition, long Timestamp)[] partitions) => new()
    {
        Topics = [new() { Name = "orders", Partitions = partitions.Select(p => new ListOffsetsRequest.Partition { PartitionIndex = p.Partition, Timestamp = p.Timestamp }).ToList() }],
    };
}
