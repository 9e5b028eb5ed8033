namespace Actors.Kafka.Messages;

/// <summary>
/// Flexible versions (KIP-482) against bytes computed by hand from the JSON schemas: compact strings and arrays
/// (length + 1 as an unsigned varint, 0 for null), a tagged-field count closing every struct, and a real
/// librdkafka 2.0.2 ApiVersions v3 request captured from kcat.
/// </summary>
public sealed class FlexibleVectorSpecs
{
    [Fact]
    public void Should_read_the_ApiVersions_v3_request_kcat_sends()
    {
        // arrange: kcat 1.7.1's first frame (without its size prefix), captured on a socket
        var frame = Convert.FromHexString("0012000300000001000772646b61666b61000b6c696272646b61666b6106322e302e3200");

        // act
        var header = RequestHeader.Read(frame, out var body);
        var request = KafkaMessage.Read<ApiVersionsRequest>(body, header.ApiVersion);

        // assert: header v2 keeps a classic int16 client id, then its tagged fields; the body is compact
        Assert.Equal((18, 3, 1, "rdkafka"), (header.ApiKey, header.ApiVersion, header.CorrelationId, header.ClientId));
        Assert.Equal(("librdkafka", "2.0.2"), (request.ClientSoftwareName, request.ClientSoftwareVersion));
        Assert.Equal(0, body.Remaining);
    }

    [Fact]
    public void Should_write_Heartbeat_v4_compact() =>
        MessageAssert.Encodes(new HeartbeatRequest { GroupId = "g", GenerationId = 3, MemberId = "m" }, 4, "026700000003026d0000");

    [Fact]
    public void Should_write_ApiVersions_v3_compact() =>
        MessageAssert.Encodes(new ApiVersionsResponse { ApiKeys = [new() { ApiKey = 18, MinVersion = 0, MaxVersion = 3 }] }, 3,
            "0000" + "02" + "0012" + "0000" + "0003" + "00" + "00000000" + "00");

    [Fact]
    public void Should_write_Produce_v9_compact() =>
        MessageAssert.Encodes(new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 1000,
            TopicData = [new() { Name = "t", PartitionData = [new() { Index = 0, Records = new byte[] { 1, 2, 3 } }] }],
        }, 9, "00" + "ffff" + "000003e8" + "02" + "0274" + "02" + "00000000" + "04010203" + "00" + "00" + "00");

    [Fact]
    public void Should_write_Metadata_v9_compact() =>
        MessageAssert.Encodes(new MetadataResponse
        {
            Brokers = [new() { NodeId = 1, Host = "h", Port = 9092 }],
            ClusterId = "c",
            ControllerId = 1,
            Topics = [new() { Name = "t", Partitions = [new() { LeaderId = 1, ReplicaNodes = [1], IsrNodes = [1] }] }],
        }, 9,
            "00000000" + "02" + "00000001" + "0268" + "00002384" + "00" + "00" + "0263" + "00000001"
            + "02" + "0000" + "0274" + "00"
            + "02" + "0000" + "00000000" + "00000001" + "ffffffff" + "0200000001" + "0200000001" + "01" + "00"
            + "80000000" + "00" + "80000000" + "00");

    [Fact]
    public void Should_skip_unknown_tagged_fields()
    {
        // arrange: Heartbeat v4 whose closing tagged section holds tag 5 with two bytes
        var bytes = Convert.FromHexString("026700000003026d00" + "01" + "05" + "02" + "abcd");

        // act
        var request = (HeartbeatRequest)MessageAssert.Reread(typeof(HeartbeatRequest), bytes, 4, out var left);

        // assert
        Assert.Equal(("g", 3, "m"), (request.GroupId, request.GenerationId, request.MemberId));
        Assert.Equal(0, left);
    }

    [Fact]
    public void Should_answer_flexible_versions_with_response_header_v1_except_ApiVersions()
    {
        Assert.Equal(1, SupportedApis.ResponseHeaderVersion(ApiKey.Metadata, 9));
        Assert.Equal(0, SupportedApis.ResponseHeaderVersion(ApiKey.Metadata, 8));
        Assert.Equal(0, SupportedApis.ResponseHeaderVersion(ApiKey.ApiVersions, 3));
    }
}
