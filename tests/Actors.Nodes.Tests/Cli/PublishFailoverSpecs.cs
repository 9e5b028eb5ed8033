using System.Diagnostics;
using System.Globalization;
using Actors.Client;
using Actors.Testing;
using Actors.Topics;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// <c>actors publish</c> keeps going when its own node dies: three node processes (with the quick failure detection
/// of <c>hocon/fast-failover.conf</c>), keyed lines fed to the command through a named pipe, and the node it talks to
/// killed with SIGKILL half-way. The command finishes through another node, exit 0, and the topic holds every line
/// exactly once, each key's lines in input order.
/// </summary>
public sealed class PublishFailoverSpecs : IDisposable
{
    private const int Lines = 20_000;
    private const int Keys = 20;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string FastFailover = Path.Combine(AppContext.BaseDirectory, "hocon", "fast-failover.conf");
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public PublishFailoverSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("publish-failover", output, reportLines: 60);
    }

    [Fact]
    public async Task Should_finish_through_another_node_when_its_node_is_killed_and_write_every_line_once_in_order()
    {
        // arrange: three nodes, started one after the other on one journal; the command talks to the second
        var first = await StartNodeAsync();
        var second = await StartNodeAsync("--seed", first.HostPort);
        var third = await StartNodeAsync("--seed", first.HostPort);
        NodeProcess[] nodes = [first, second, third];
        foreach (var node in nodes)
            foreach (var member in nodes)
                await node.Process.WaitForLineAsync($"member up: {member.Address}", Wait);
        Log("three nodes up");
        var fifo = _processes.Folder.File("lines.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        var publishing = _processes.RunAsync(["publish", "events", "--file", fifo, "--key-separator", "|", "--partitions", "6",
            "--node", second.HostPort, "--timeout", "60"], TimeSpan.FromMinutes(4));
        // Opening a named pipe for writing waits until the command opens it for reading.
        await using var input = new StreamWriter(await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write)).WaitAsync(Wait)) { NewLine = "\n" };
        await using var observer = await GatewayClient.ConnectAsync(first.HostPort, "actors", Wait);

        // act: half the lines, a third of them confirmed, then SIGKILL the command's node and feed the rest
        await WriteLinesAsync(input, 0, Lines / 2);
        await Poll.UntilAsync(async () => await StoredAsync(observer) >= Lines / 6, Wait, "a third of the first half stored");
        Log($"killing the command's node {second.Address} with {await StoredAsync(observer)} lines stored");
        second.Process.Kill();
        try
        {
            await WriteLinesAsync(input, Lines / 2, Lines);
            input.Close();
        }
        catch (IOException e)
        {
            Log($"the command stopped reading its input: {e.Message}");
        }

        // assert: it finished on its own, and the topic holds every line once, each key's lines in order
        var published = await publishing;
        Log($"publish exited {published.ExitCode}: {published.Output.Trim()} {published.Error.Trim()}");
        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Contains($"published {Lines:N0} messages to events", published.Output);
        Assert.Equal(Lines, await StoredAsync(observer));
        var consumed = await _processes.RunAsync(["consume", "events", "--group", "check", "--max", Lines.ToString(CultureInfo.InvariantCulture), "--keys",
            "--node", third.HostPort, "--timeout", "60"], TimeSpan.FromMinutes(3));
        Assert.True(consumed.ExitCode == 0, consumed.Error);
        var read = consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        Assert.Equal(Lines, read.Count);
        foreach (var key in read.GroupBy(l => l[0]))
        {
            var numbers = key.Select(l => int.Parse(l[1], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, Lines).Where(i => $"k{i % Keys}" == key.Key), numbers);
        }
    }

    public void Dispose() => _processes.Dispose();

    private static async Task WriteLinesAsync(StreamWriter input, int from, int to)
    {
        for (var i = from; i < to; i++) await input.WriteLineAsync($"k{i % Keys}|{i}");
        await input.FlushAsync();
    }

    private static async Task<long> StoredAsync(GatewayClient observer)
    {
        var status = await observer.Topics.GetStatusAsync(new TopicName("events"), Wait);
        return status.Sum(p => p.EndOffset - p.StartOffset);
    }

    private Task<NodeProcess> StartNodeAsync(params string[] args) =>
        _processes.StartNodeAsync(["node", "--port", "0", "--config", FastFailover, .. args], Wait);

    private void Log(string what) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s: {what}");
}
