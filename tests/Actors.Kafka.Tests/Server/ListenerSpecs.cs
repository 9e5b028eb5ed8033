using Akka.Event;
using Actors.Kafka.Records;

namespace Actors.Kafka.Server;

/// <summary>
/// The listener's own behaviour with a bare socket: ApiVersions answered by itself, unknown APIs and versions
/// answered UNSUPPORTED_VERSION in ApiVersions' v0 shape, responses in request order whatever order handlers
/// finish in, no response to acks=0, and one warning naming the reason for every connection it closes.
/// </summary>
public sealed class ListenerSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_answer_ApiVersions_with_the_apis_that_have_handlers()
    {
        // arrange
        await using var fixture = new ListenerFixture(Sys.Log);
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);

        // act
        await client.SendAsync(RawClient.Request(18, 3, 11, new ApiVersionsRequest { ClientSoftwareName = "spec", ClientSoftwareVersion = "1" }));
        var payload = await client.ReadAsync(Wait);

        // assert: response header v0 even for v3, then the compact body
        Assert.NotNull(payload);
        Assert.Equal(11, BinaryPrimitives.ReadInt32BigEndian(payload));
        var response = KafkaMessage.Read<ApiVersionsResponse>(payload.AsMemory(4), 3);
        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(["3:0-9", "18:0-3"], response.ApiKeys.Select(k => $"{k.ApiKey}:{k.MinVersion}-{k.MaxVersion}"));
    }

    [Theory]
    [InlineData(1, 12)]  // Fetch: known, but no handler here
    [InlineData(3, 10)]  // Metadata v10: past the supported range
    [InlineData(57, 0)]  // UpdateFeatures: not spoken at all
    [InlineData(18, 4)]  // ApiVersions v4: newer than this edge
    public async Task Should_answer_unsupported_requests_with_UNSUPPORTED_VERSION_and_stay_open(short apiKey, short version)
    {
        // arrange
        await using var fixture = new ListenerFixture(Sys.Log);
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);

        // act
        await client.SendAsync(RawClient.Request(apiKey, version, 21));
        var payload = await client.ReadAsync(Wait);
        await client.SendAsync(RawClient.Request(3, 1, 22, new MetadataRequest { Topics = null }));
        var next = await client.ReadAsync(Wait);

        // assert
        Assert.NotNull(payload);
        Assert.Equal(21, BinaryPrimitives.ReadInt32BigEndian(payload));
        var response = KafkaMessage.Read<ApiVersionsResponse>(payload.AsMemory(4), 0);
        Assert.Equal((short)ErrorCode.UnsupportedVersion, response.ErrorCode);
        Assert.Contains(response.ApiKeys, k => k.ApiKey == 3 && k.MaxVersion == 9);
        Assert.NotNull(next);
        Assert.Equal(22, BinaryPrimitives.ReadInt32BigEndian(next));
    }

    [Fact]
    public async Task Should_write_responses_in_request_order_whatever_order_handlers_finish_in()
    {
        // arrange: three heartbeats whose handlers finish last-first
        var gates = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<HeartbeatResponse>()).ToArray();
        var started = 0;
        await using var fixture = new ListenerFixture(Sys.Log, configure: apis => apis.Add<HeartbeatRequest, HeartbeatResponse>(
            (_, request, _) => new ValueTask<HeartbeatResponse>(gates[Interlocked.Increment(ref started) - 1].Task)));
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
        var heartbeat = new HeartbeatRequest { GroupId = "g", MemberId = "m" };

        // act
        for (var i = 0; i < 3; i++) await client.SendAsync(RawClient.Request(12, 4, 100 + i, heartbeat));
        await Poll.Until(() => Volatile.Read(ref started) == 3, Wait, "all three handlers started");
        for (var i = 2; i >= 0; i--) gates[i].SetResult(new HeartbeatResponse { ErrorCode = (short)i });
        var ids = new List<int>();
        for (var i = 0; i < 3; i++) ids.Add(BinaryPrimitives.ReadInt32BigEndian((await client.ReadAsync(Wait))!));

        // assert
        Assert.Equal([100, 101, 102], ids);
    }

    [Fact]
    public async Task Should_not_answer_a_produce_with_acks_zero()
    {
        // arrange
        var produced = 0;
        await using var fixture = new ListenerFixture(Sys.Log, configure: apis => apis.Add<ProduceRequest, ProduceResponse>((_, _, _) =>
        {
            Interlocked.Increment(ref produced);
            return ValueTask.FromResult(new ProduceResponse());
        }));
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
        var records = RecordBatchWriter.ToBytes(RecordBatch.Of([new KafkaRecord(0, 1, null, new byte[] { 1 }, [])]));
        var produce = new ProduceRequest { Acks = 0, TopicData = [new() { Name = "orders", PartitionData = [new() { Records = records }] }] };

        // act
        await client.SendAsync(RawClient.Request(0, 9, 31, produce));
        await client.SendAsync(RawClient.Request(18, 0, 32));
        var first = await client.ReadAsync(Wait);

        // assert
        Assert.Equal(32, BinaryPrimitives.ReadInt32BigEndian(first!));
        Assert.Equal(1, produced);
    }

    [Fact]
    public async Task Should_close_a_connection_whose_handler_fails_and_say_why()
    {
        // arrange
        var warnings = Warnings();
        await using var fixture = new ListenerFixture(Sys.Log, configure: apis => apis.Add<HeartbeatRequest, HeartbeatResponse>(
            (_, _, _) => throw new InvalidOperationException("the group coordinator is gone")));
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);

        // act
        await client.SendAsync(RawClient.Request(12, 1, 41, new HeartbeatRequest { GroupId = "g" }));

        // assert
        Assert.Null(await client.ReadAsync(Wait));
        warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("the group coordinator is gone"), Wait);
    }

    [Fact]
    public async Task Should_close_an_idle_connection()
    {
        // arrange
        await using var fixture = new ListenerFixture(Sys.Log, new KafkaListenerSettings { IdleTimeout = TimeSpan.FromMilliseconds(500) });
        await using var client = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);

        // act
        var payload = await client.ReadAsync(Wait);

        // assert
        Assert.Null(payload);
    }

    [Fact]
    public async Task Should_refuse_connections_past_the_limit_and_keep_serving_the_others()
    {
        // arrange
        var warnings = Warnings();
        await using var fixture = new ListenerFixture(Sys.Log, new KafkaListenerSettings { MaxConnections = 1 });
        await using var first = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
        await Poll.Until(() => fixture.Listener.ConnectionCount == 1, Wait, "the first connection is open");

        // act
        await using var second = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
        var refused = await second.ReadAsync(Wait);
        await first.SendAsync(RawClient.Request(18, 0, 51));
        var served = await first.ReadAsync(Wait);

        // assert
        Assert.Null(refused);
        Assert.Equal(51, BinaryPrimitives.ReadInt32BigEndian(served!));
        warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("the maximum"), Wait);
    }

    [Fact]
    public async Task Should_refuse_to_start_on_a_taken_port_with_one_line()
    {
        // arrange
        await using var fixture = new ListenerFixture(Sys.Log);
        var taken = new KafkaListener(new KafkaListenerSettings { EndPoint = fixture.Listener.LocalEndPoint }, new KafkaApis(), Sys.Log);

        // act
        var refused = Assert.Throws<IOException>(taken.Start);

        // assert
        Assert.Equal($"cannot listen for Kafka clients on {fixture.Listener.LocalEndPoint}: the port is taken", refused.Message);
    }

    private Akka.TestKit.TestProbe Warnings()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Warning));
        return probe;
    }
}
