using System.Text.Json;
using Actors.Testing;

namespace Actors.Nodes.Tests.Startup;

/// <summary>
/// What a node prints at the default level: one line per event an operator needs (its address, storage and
/// seeds; each member up, leaving or removed once; shutdown), Akka's internals at debug only, no false
/// <c>No seed-nodes configured</c> warning for a node that forms a cluster alone, and nothing for each CLI call.
/// <c>--log-format json</c> writes one JSON object per line for log shippers.
/// </summary>
public sealed class NodeLogSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly CliProcesses _processes = new("node-log", output);

    [Fact]
    public async Task Should_start_and_stop_a_default_node_in_a_few_lines()
    {
        // act: start, a topic served, stop
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        await PublishAsync(node.HostPort);
        Assert.Equal(0, await node.Process.StopAsync(Wait));

        // assert
        var lines = Lines(node.Process);
        Assert.True(lines.Length < 12, $"{lines.Length} lines:\n{string.Join('\n', lines)}");
        Assert.Single(lines, l => l.Contains("member up:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("to [Up]", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("No seed-nodes configured", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"node starting at {node.Address}", StringComparison.Ordinal) && l.Contains("storage", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("node stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_print_no_remoting_lines_for_a_cli_call()
    {
        // arrange
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        await PublishAsync(node.HostPort);
        var before = Lines(node.Process).Length;

        // act: a second call, which connects and disconnects again
        var published = await PublishAsync(node.HostPort);
        var listed = await _processes.RunAsync(["topics", "--node", node.HostPort, "--timeout", "60"], Wait);
        Assert.Equal(0, await node.Process.StopAsync(Wait));

        // assert: the CLI's stderr is empty, and the node printed nothing about the clients' connections
        Assert.Equal("", published.Error);
        Assert.Equal("", listed.Error);
        var during = Lines(node.Process).Skip(before).ToArray();
        Assert.DoesNotContain(during, l => l.Contains("receive buffers", StringComparison.Ordinal));
        Assert.DoesNotContain(during, l => l.Contains("actors-client", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("option")]
    [InlineData("variable")]
    [InlineData("hocon")]
    public async Task Should_write_one_json_object_per_line_with_log_format_json(string layer)
    {
        // arrange
        var config = await _processes.Folder.WriteAsync("json.conf", "actors.node.log-format = json");
        string[] args = layer switch
        {
            "option" => ["node", "--port", "0", "--log-format", "json"],
            "hocon" => ["node", "--port", "0", "--config", config],
            _ => ["node", "--port", "0"],
        };
        var env = layer == "variable" ? new Dictionary<string, string> { ["ACTORS_LOG_FORMAT"] = "json" } : null;

        // act
        var node = await _processes.StartNodeAsync(args, Wait, env);
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        Assert.Equal(0, await node.Process.StopAsync(Wait));

        // assert: every line an object with time, level, logger and message; the member-up line with its fields
        var lines = Lines(node.Process);
        Assert.NotEmpty(lines);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        foreach (var entry in entries)
        {
            Assert.Equal(JsonValueKind.Object, entry.ValueKind);
            foreach (var field in new[] { "Timestamp", "LogLevel", "Category", "Message" })
                Assert.True(entry.TryGetProperty(field, out _), $"no {field} in {entry}");
        }

        var up = Assert.Single(entries, e => e.GetProperty("Message").GetString()!.StartsWith("member up:", StringComparison.Ordinal));
        Assert.Equal(node.Address, up.GetProperty("State").GetProperty("Address").GetString());
    }

    [Fact]
    public async Task Should_refuse_an_unknown_log_format_with_one_line()
    {
        // act
        var result = await _processes.RunAsync(["node", "--port", "0", "--log-format", "xml"], Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --log-format: 'xml' is not text or json\n", result.Error);
    }

    public void Dispose() => _processes.Dispose();

    private static string[] Lines(CliProcess process) =>
        (process.Output + process.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private async Task<CliResult> PublishAsync(string node)
    {
        var lines = await _processes.Folder.WriteAsync("lines.txt", "a\nb\n");
        var published = await _processes.RunAsync(["publish", "events", "--file", lines, "--quiet", "--node", node, "--timeout", "60"], Wait);
        Assert.True(published.ExitCode == 0, published.Error);
        return published;
    }
}
