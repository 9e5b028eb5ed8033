using System.Globalization;
using Actors.Testing;

namespace Actors.Nodes.Tests.Startup;

/// <summary>
/// A node refuses a port another node already listens on, at once and before it touches its journal (Akka's
/// <c>tcp-reuse-addr</c> mapped to SO_REUSEPORT on Linux, so two nodes used to share one port and one journal,
/// and a client was answered by whichever), and the node that holds the port goes on serving.
/// </summary>
public sealed class PortInUseSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly CliProcesses _processes = new("port-in-use", output);

    [Fact]
    public async Task Should_refuse_a_second_node_on_a_taken_port_and_leave_the_first_serving()
    {
        // arrange: a node on a fixed port, up
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var first = await _processes.StartNodeAsync(["node", "--port", port], Wait);
        await first.Process.WaitForLineAsync($"member up: {first.Address}", Wait);
        using var elsewhere = new TempFolder("port-in-use-elsewhere");

        // act: a second node on the same port, in the same folder (same journal) and in a fresh one
        var sameFolder = await _processes.RunAsync(["node", "--port", port], Wait);
        var freshFolder = await CliProcess.RunAsync(elsewhere.Path, ["node", "--port", port], Wait);

        // assert: one line, exit 2, nothing printed on stdout, and no journal created where there was none
        foreach (var second in new[] { sameFolder, freshFolder })
        {
            Assert.Equal($"error: 127.0.0.1:{port} is already in use\n", second.Error);
            Assert.Equal(2, second.ExitCode);
            Assert.Equal("", second.Output);
        }

        Assert.False(Directory.Exists(elsewhere.File("data")), "the refused node created a journal folder");
        var lines = await _processes.Folder.WriteAsync("lines.txt", "a\nb\nc\n");
        var published = await _processes.RunAsync(["publish", "events", "--file", lines, "--quiet", "--node", first.HostPort, "--timeout", "60"], Wait);
        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Contains("published 3 messages to events", published.Output);
        Assert.False(first.Process.HasExited);
    }

    [Fact]
    public async Task Should_still_start_nodes_on_port_0_side_by_side()
    {
        // act
        var one = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        var two = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);

        // assert
        await one.Process.WaitForLineAsync($"member up: {one.Address}", Wait);
        await two.Process.WaitForLineAsync($"member up: {two.Address}", Wait);
        Assert.NotEqual(one.Address, two.Address);
    }

    public void Dispose() => _processes.Dispose();
}
