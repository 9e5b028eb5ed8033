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
        var corpus = FrameFuzzer.Corpus();
        var random = new Random(20261202);
        var (answered, closed) = (0, 0);
        var client = await RawClient.ConnectAsync(port);

        // act
        for (var i = 0; i < Frames; i++)
        {
            var probeId = 0x7A000000 + i;
            await client.SendAsync(RawClient.Frame(FrameFuzzer.Mutate(corpus[random.Next(corpus.Count)], random)));
            await client.SendAsync(RawClient.Request(18, 0, probeId));
            if (await FrameFuzzer.UntilProbeOrClose(client, probeId, Wait))
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
}
