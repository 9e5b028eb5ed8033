using System.Net.Sockets;
using Akka.Event;

namespace Actors.Kafka.Server;

/// <summary>
/// Frames that break the protocol: each closes its connection with one warning naming the reason, and the
/// listener goes on serving others.
/// </summary>
public sealed class BadFrameSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string> Frames => new()
    {
        { "00000800" + "0012000000000001", "a request of 2048 bytes is over the maximum request size of 1024 bytes" },
        { "fffffffb", "a frame size of -5 bytes is negative" },
        { "00000003" + "616263", "malformed request: a request of 3 bytes has no header" },
        // Metadata v1 asking for 5 topics and holding none
        { "00000012" + "0003000100000007" + "0004" + "73706563" + "00000005", "malformed request: an array of 5 elements in 0 bytes" },
        // Heartbeat v4 (flexible) whose group id claims 100 bytes
        { "0000000e" + "000c000400000007" + "ffff" + "00" + "65" + "0000", "malformed request: truncated" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task Should_close_the_connection_and_say_why(string hex, string reason)
    {
        // arrange
        var warnings = Warnings();
        await using var fixture = new ListenerFixture(Sys.Log, new KafkaListenerSettings { MaxRequestSize = 1024 },
            apis => apis.Add<HeartbeatRequest, HeartbeatResponse>((_, _, _) => ValueTask.FromResult(new HeartbeatResponse())));
        await using var bad = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);
        await using var good = await RawClient.ConnectAsync(fixture.Listener.LocalEndPoint.Port);

        // act
        await bad.SendAsync(Convert.FromHexString(hex));
        var closed = await bad.ReadAsync(Wait);
        await good.SendAsync(RawClient.Request(18, 0, 9));
        var served = await good.ReadAsync(Wait);

        // assert
        Assert.Null(closed);
        warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains(reason), Wait);
        Assert.Equal(9, BinaryPrimitives.ReadInt32BigEndian(served!));
    }

    [Fact]
    public async Task Should_close_when_the_client_leaves_inside_a_frame()
    {
        // arrange
        var warnings = Warnings();
        await using var fixture = new ListenerFixture(Sys.Log);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(fixture.Listener.LocalEndPoint);

        // act: a frame of 100 bytes, 10 of them sent, then the client's side shut
        await socket.SendAsync(Convert.FromHexString("00000064" + "00030001000000070004"));
        socket.Shutdown(SocketShutdown.Send);

        // assert
        warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("inside a frame (14 bytes left)"), Wait);
        await Poll.Until(() => fixture.Listener.ConnectionCount == 0, Wait, "the connection is gone");
    }

    private Akka.TestKit.TestProbe Warnings()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Warning));
        return probe;
    }
}
