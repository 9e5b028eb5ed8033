using System.Globalization;
using Actors.Testing;

namespace Actors.Nodes.Tests;

/// <summary>
/// The README's walk-through with the real executable: a node with embedded SQLite storage, then
/// <c>actors publish</c>, <c>actors consume</c> and <c>actors topics</c> as separate processes, then a restart
/// of the node on the same data folder: committed offsets and unconsumed messages are still there.
/// </summary>
public sealed class TopicCliSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly int _port = FreePort.Next();
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;

    public TopicCliSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("cli", output);
    }

    private string Folder => _processes.Folder.Path;

    [Fact]
    public async Task Should_publish_consume_and_keep_offsets_across_a_node_restart()
    {
        var node = await StartNodeAsync();
        var input = Path.Combine(Folder, "input.txt");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 1000).Select(i => $"k{i % 10}|m{i}"));

        var publish = await RunAsync("publish", "events", "--file", input, "--key-separator", "|", "--partitions", "4");
        Assert.Equal(0, publish.ExitCode);
        Assert.Contains("published 1,000 messages to events", publish.Output);

        var first = await RunAsync("consume", "events", "--group", "readers", "--max", "600", "--keys");
        Assert.Equal(0, first.ExitCode);
        var firstLines = Lines(first.Output);
        Assert.Equal(600, firstLines.Count);
        AssertPerKeyOrder(firstLines);

        var topics = await RunAsync("topics");
        Assert.Equal(0, topics.ExitCode);
        Assert.Matches(@"events\s+4\s+1,000\s+1,000\s+readers\s+600\s+400", topics.Output);

        // Stop the node (SIGTERM) and start it again on the same data folder.
        Assert.Equal(0, await node.StopAsync(Wait));
        await StartNodeAsync();

        var rest = await RunAsync("consume", "events", "--group", "readers", "--max", "400", "--keys");
        Assert.Equal(0, rest.ExitCode);
        var all = firstLines.Concat(Lines(rest.Output)).ToList();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"m{i}").Order(), all.Select(l => l.Split('\t')[1]).Order());

        // One line is one message, not "1 messages".
        var single = Path.Combine(Folder, "single.txt");
        await File.WriteAllTextAsync(single, "only\n");
        var one = await RunAsync("publish", "single", "--file", single);
        Assert.Equal(0, one.ExitCode);
        Assert.Contains("published 1 message to single", one.Output);
    }

    [Fact]
    public async Task Should_answer_bad_input_with_one_line_errors()
    {
        await StartNodeAsync(extraArgs: ["--config", await WriteConfigAsync("actors.topics.max-message-size = 100 B")]);
        var input = Path.Combine(Folder, "big.txt");
        await File.WriteAllLinesAsync(input, ["small", new string('x', 500), "never sent"]);

        var oversized = await RunAsync("publish", "limits", "--file", input, "--in-flight", "1");
        Assert.Equal(1, oversized.ExitCode);
        Assert.Matches(@"^error: line 2: .*(limit|exceeds|too large).*\n$", oversized.Error);

        var unknown = await RunAsync("consume", "no-such-topic");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("error: topic 'no-such-topic' does not exist (publish to it first; `actors topics` lists topics)\n", unknown.Error);

        // A node address nothing answers at is bad input (exit 2) for every command, as for `actors pipelines`.
        var noNode = await _processes.RunAsync(["topics", "--node", $"127.0.0.1:{FreePort.Next()}"], Wait);
        Assert.Equal(2, noNode.ExitCode);
        Assert.StartsWith("error: cannot reach a node at 127.0.0.1:", noNode.Error);
    }

    // Kills the node if it still runs (even one that never came up) and writes what each node printed to the output.
    public void Dispose() => _processes.Dispose();

    private async Task<CliProcess> StartNodeAsync(string[]? extraArgs = null)
    {
        var node = _processes.Start(["node", "--port", _port.ToString(), .. extraArgs ?? []]);
        await node.WaitForLineAsync("member up:", Wait);
        return node;
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        // The spec's own wait for each answer, not the CLI's 10 s default: a fresh node starting its partitions
        // under load took longer than that for the first publish (issue 10, defect 13).
        var result = await _processes.RunAsync([.. args, "--node", $"127.0.0.1:{_port}", "--timeout", ((int)Wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)], Wait + Wait);
        _output.WriteLine($"actors {string.Join(' ', args)} -> {result.ExitCode} {result.Error.Trim()}");
        return result;
    }

    private Task<string> WriteConfigAsync(string hocon) => _processes.Folder.WriteAsync("extra.conf", hocon);

    private static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static void AssertPerKeyOrder(IEnumerable<string> lines)
    {
        foreach (var key in lines.Select(l => l.Split('\t')).GroupBy(p => p[0]))
        {
            var numbers = key.Select(p => int.Parse(p[1][1..])).ToList();
            Assert.Equal(numbers.Order(), numbers);
        }
    }
}
