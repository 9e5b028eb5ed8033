using System.Net;
using System.Collections.Immutable;
using Actors.Streams.Connectors;

namespace Actors.Streams.Tests.Connectors;

public sealed class ConnectorSpecs(ITestOutputHelper output) : StreamsSpec(output), IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-streams-").FullName;

    [Fact]
    public async Task Should_copy_a_large_file_line_by_line()
    {
        // arrange: 200,000 lines, the last without a newline
        var input = Path.Combine(_folder, "in.txt");
        var output = Path.Combine(_folder, "out.txt");
        await File.WriteAllTextAsync(input, string.Join("\n", Enumerable.Range(0, 200_000).Select(i => $"line {i} {new string('x', i % 50)}")));

        // act
        var written = await FileLines.Source(input, chunkSize: 8192).Select(l => l.ToUpperInvariant()).RunWith(FileLines.Sink(output), Materializer);

        // assert
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(200_000, lines.Length);
        Assert.Equal($"LINE 199999 {new string('X', 199_999 % 50)}", lines[^1]);
        Assert.Equal(new FileInfo(output).Length, written.Count);
    }

    [Theory]
    [InlineData(LineFraming.Newline)]
    [InlineData(LineFraming.LengthPrefixed)]
    public async Task Should_receive_lines_from_tcp_clients_in_order(LineFraming framing)
    {
        // arrange: a server on a free port
        var (binding, received) = TcpLines.Server(Sys, "127.0.0.1", 0, framing)
            .Take(1000)
            .ToMaterialized(Sink.Seq<string>(), Keep.Both)
            .Run(Materializer);
        var port = ((IPEndPoint)(await binding.WaitAsync(Wait)).LocalAddress).Port;

        // act: a client streams 1000 lines (length-prefixed ones may hold newlines)
        var sent = Enumerable.Range(0, 1000).Select(i => framing == LineFraming.Newline ? $"line {i}" : $"line {i}\nsecond part").ToList();
        await Source.From(sent).RunWith(TcpLines.Client(Sys, "127.0.0.1", port, framing), Materializer).WaitAsync(Wait);

        // assert
        Assert.Equal(sent, await received.WaitAsync(Wait));
        await (await binding).Unbind();
    }

    [Fact]
    public async Task Should_reconnect_a_client_sink_with_backoff_when_its_server_goes_away()
    {
        // arrange: a server that takes one line and goes away, and a client sending a line every 20 ms
        var (firstBinding, first) = TcpLines.Server(Sys, "127.0.0.1", 0).Take(1).ToMaterialized(Sink.Seq<string>(), Keep.Both).Run(Materializer);
        var port = ((IPEndPoint)(await firstBinding.WaitAsync(Wait)).LocalAddress).Port;
        var restart = RestartSettings.Create(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500), 0.2);
        var sent = 0;
        var stop = Source.Tick(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), "tick")
            .Select(_ => $"line {Interlocked.Increment(ref sent)}")
            .ViaMaterialized(KillSwitches.Single<string>(), Keep.Right)
            .To(TcpLines.ReconnectingClient(Sys, "127.0.0.1", port, restart))
            .Run(Materializer);
        Assert.Single(await first.WaitAsync(Wait));
        await (await firstBinding).Unbind();

        // act: a new server on the same port (binding again as soon as the port is free)
        Task<Akka.Streams.Dsl.Tcp.ServerBinding>? secondBinding = null;
        Task<IImmutableList<string>>? second = null;
        await AwaitConditionAsync(async () =>
        {
            (secondBinding, second) = TcpLines.Server(Sys, "127.0.0.1", port).Take(3).ToMaterialized(Sink.Seq<string>(), Keep.Both).Run(Materializer);
            try
            {
                await secondBinding.WaitAsync(Wait);
                return true;
            }
            catch (Exception ex) when (ex is not TimeoutException)
            {
                return false;
            }
        }, Wait, TimeSpan.FromMilliseconds(100), "the port bound again");

        // assert: the client reconnected by itself and its lines arrive again
        var lines = await second!.WaitAsync(Wait);
        Assert.All(lines, l => Assert.StartsWith("line ", l));
        Assert.Equal(3, lines.Count);
        stop.Shutdown();
        await (await secondBinding!).Unbind();
    }

    public new void Dispose()
    {
        base.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
