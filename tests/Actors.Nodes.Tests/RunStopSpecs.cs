using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Actors.Testing;

namespace Actors.Nodes.Tests;

/// <summary>
/// <c>actors run</c> of a pipeline that never ends (the tcp-counts example: a TCP source into a topic, on the
/// embedded node) stops on SIGTERM and on SIGINT (Ctrl-C) within seconds, with the exit code shells give a
/// process stopped by that signal, and says nothing on stderr. Before, it ignored both and only kill -9 ended it.
/// </summary>
public sealed class RunStopSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(15);
    private readonly CliProcesses _processes = new("run-stop", output);

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "hocon", "pipelines", name);

    [Theory]
    [InlineData("SIGTERM", 143)]
    [InlineData("SIGINT", 130)]
    public async Task Should_stop_an_endless_pipeline_on_a_signal_within_seconds(string signal, int expectedExit)
    {
        // arrange: the example listening on a free port, until it accepts a connection
        var port = FreePort.Next();
        var run = _processes.Start(["run", Example("tcp-counts.conf")], new Dictionary<string, string> { ["PORT"] = port.ToString(CultureInfo.InvariantCulture) });
        await Poll.UntilAsync(() => AcceptsAsync(port), Wait, $"actors run tcp-counts.conf listening on port {port}");

        // act
        var clock = Stopwatch.StartNew();
        var exit = signal == "SIGTERM" ? await run.StopAsync(StopWithin) : await run.InterruptAsync(StopWithin);

        // assert
        output.WriteLine($"{signal}: exited {exit} after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(expectedExit, exit);
        Assert.Equal("", run.Error.Trim());
    }

    public void Dispose() => _processes.Dispose();

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
