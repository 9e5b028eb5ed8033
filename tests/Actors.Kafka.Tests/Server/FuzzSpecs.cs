using Actors.Kafka.Records;
using Akka.Event;

namespace Actors.Kafka.Server;

/// <summary>
/// Ten thousand mutated frames (bytes flipped, cut short, spliced with garbage, or garbage alone, each behind a size
/// prefix that matches it) from a fixed seed, each followed by a well-formed probe: every one is either answered or
/// closes its connection with a stated reason, within a deadline, never an unexpected exception; afterwards the
/// listener still answers and holds no connection.
/// </summary>
public sealed class FuzzSpecs : TestKit
{
    private readonly ITestOutputHelper _output;

    public FuzzSpecs(ITestOutputHelper output) : base(output: output) => _output = output;

    private const int Frames = 10_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_answer_or_close_every_mutated_frame_and_keep_serving()
    {
        // arrange
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs.Ref, typeof(Warning));
        Sys.EventStream.Subscribe(logs.Ref, typeof(Error));
        var broker = new CapturingProduceHandler();
        await using var fixture = new ListenerFixture(Sys.Log, new KafkaListenerSettings { MaxRequestSize = 64 * 1024 }, apis => apis
            .Add<ProduceRequest, ProduceResponse>(broker)
            .Add<HeartbeatRequest, HeartbeatResponse>((_, _, _) => ValueTask.FromResult(new HeartbeatResponse()))
            .Add<JoinGroupRequest, JoinGroupResponse>((_, r, _) => ValueTask.FromResult(new JoinGroupResponse { MemberId = r.MemberId })));
        var port = fixture.Listener.LocalEndPoint.Port;
        var corpus = Corpus();
        var random = new Random(20261202);
        var (answered, closed) = (0, 0);
        var client = await RawClient.ConnectAsync(port);

        // act
        for (var i = 0; i < Frames; i++)
        {
            var probeId = 0x7A000000 + i;
            await client.SendAsync(RawClient.Frame(Mutate(corpus[random.Next(corpus.Count)], random)));
            await client.SendAsync(RawClient.Request(18, 0, probeId));
            if (await UntilProbeOrClose(client, probeId))
            {
                answered++;
                continue;
            }

            closed++;
            await client.DisposeAsync();
            client = await RawClient.ConnectAsync(port);
        }

        await client.DisposeAsync();

        // assert
        _output.WriteLine($"{Frames} mutated frames: {answered} answered, {closed} closed the connection");
        await using var after = await RawClient.ConnectAsync(port);
        await after.SendAsync(RawClient.Request(3, 9, 1, new MetadataRequest { Topics = null }));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian((await after.ReadAsync(Wait))!));
        await after.DisposeAsync();
        await Poll.Until(() => fixture.Listener.ConnectionCount == 0, TimeSpan.FromSeconds(60), "every fuzzed connection is gone");
        var unexpected = logs.ReceiveWhile(TimeSpan.FromSeconds(1), m => m as LogEvent)
            .Select(e => e!.Message.ToString()!)
            .Where(m => m.Contains("unexpected") || m.Contains("handler failed"))
            .ToList();
        Assert.Empty(unexpected);
        Assert.True(answered > 0 && closed > 0, $"the mutations reached both outcomes ({answered} answered, {closed} closed)");
    }

    /// <summary>Reads responses until the probe's (true) or a close (false); a hang fails through the read deadline.</summary>
    private static async Task<bool> UntilProbeOrClose(RawClient client, int probeId)
    {
        while (true)
        {
            var payload = await client.ReadAsync(Wait);
            if (payload is null) return false;
            if (payload.Length >= 4 && BinaryPrimitives.ReadInt32BigEndian(payload) == probeId) return true;
        }
    }

    private static byte[] Mutate(byte[] frame, Random random)
    {
        var bytes = frame.ToList();
        switch (random.Next(5))
        {
            case 0:
                for (var n = random.Next(1, 5); n > 0 && bytes.Count > 0; n--) bytes[random.Next(bytes.Count)] ^= (byte)random.Next(1, 256);
                break;
            case 1:
                bytes = bytes.Take(random.Next(bytes.Count)).ToList();
                break;
            case 2:
                bytes.InsertRange(random.Next(bytes.Count + 1), RandomBytes(random, random.Next(1, 16)));
                break;
            case 3:
                bytes = RandomBytes(random, random.Next(0, 200)).ToList();
                break;
            default:
                // keep the header, flip bytes only in the body, where the decoders are
                for (var n = random.Next(1, 4); n > 0 && bytes.Count > 12; n--) bytes[random.Next(12, bytes.Count)] ^= (byte)random.Next(1, 256);
                break;
        }

        return bytes.ToArray();
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Well-formed requests (payloads without size prefix) of several APIs and versions, flexible or not.</summary>
    private static List<byte[]> Corpus()
    {
        var batch = RecordBatchWriter.ToBytes(RecordBatch.Of([new KafkaRecord(0, 1, new byte[] { 1 }, new byte[] { 2, 3 }, [new RecordHeader("h", null)])]));
        var gzipBatch = RecordBatchWriter.ToBytes(RecordBatch.Of([new KafkaRecord(0, 1, null, new byte[100], [])], CompressionType.Gzip));
        var requests = new (short Key, short Version, IKafkaMessage? Body)[]
        {
            (18, 0, null),
            (18, 3, new ApiVersionsRequest { ClientSoftwareName = "fuzz", ClientSoftwareVersion = "1" }),
            (3, 0, new MetadataRequest { Topics = [new() { Name = "orders" }] }),
            (3, 9, new MetadataRequest { Topics = null }),
            (12, 4, new HeartbeatRequest { GroupId = "g", MemberId = "m", GroupInstanceId = "i" }),
            (11, 7, new JoinGroupRequest { GroupId = "g", ProtocolType = "consumer", Protocols = [new() { Name = "range", Metadata = new byte[] { 0, 1, 2 } }] }),
            (0, 7, new ProduceRequest { TopicData = [new() { Name = "orders", PartitionData = [new() { Records = batch }] }] }),
            (0, 9, new ProduceRequest { TopicData = [new() { Name = "orders", PartitionData = [new() { Index = 1, Records = gzipBatch }] }] }),
        };
        return requests.Select(r => RawClient.Request(r.Key, r.Version, 5, r.Body)[4..]).ToList();
    }
}
