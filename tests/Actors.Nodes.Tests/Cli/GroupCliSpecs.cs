using System.Globalization;
using System.Text.RegularExpressions;
using Actors.Client;
using Actors.Testing;
using Actors.Topics;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// <c>actors groups</c>, <c>groups describe</c>, <c>groups reset</c> and <c>dlq redrive</c> with the built executable
/// against a node: a group's members, partitions, offsets and lag; a reset refused with one line while a consumer
/// runs (as Kafka refuses it) and applied to earliest, latest, an offset and a time once it stopped; dead letters
/// moved back to their topic. Unknown names are one line and exit 2.
/// </summary>
public sealed class GroupCliSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly int _port = FreePort.Next();
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;

    public GroupCliSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("group-admin", output);
    }

    private string Node => $"127.0.0.1:{_port}";

    [Fact]
    public async Task Should_describe_a_group_and_reset_its_offsets_only_once_its_consumer_stopped()
    {
        // arrange: 20 messages on 2 partitions, all read by group g1
        await StartNodeAsync();
        var lines = await _processes.Folder.WriteAsync("events.txt", string.Join('\n', Enumerable.Range(0, 20).Select(i => $"k{i % 10}|m{i}")) + "\n");
        Assert.Equal(0, (await RunAsync("publish", "events", "--file", lines, "--key-separator", "|", "--partitions", "2", "--quiet")).ExitCode);
        Assert.Equal(0, (await RunAsync("consume", "events", "--group", "g1", "--max", "20")).ExitCode);
        var listed = await RunAsync("groups");
        Assert.Matches(@"\ng1\s+events\s+0\s+2\s+20\s+0\s+0\s+empty\s+native\n", listed.Output);
        Assert.Equal((0, listed.Output), Shown(await OnTerminalAsync("groups")));

        // act: a consumer of the group keeps running
        var consumer = _processes.Start(["consume", "events", "--group", "g1", "--node", Node]);
        await UntilAsync(["groups"], @"\ng1\s+events\s+1\s+2\s+20\s+0\s+0\s+active\s+native\n", "the running consumer listed as the group's member");

        // assert: its member holds both partitions, and a reset is refused while it runs
        var describe = await RunAsync("groups", "describe", "g1");
        Assert.Equal(2, Regex.Matches(describe.Output, $@"\ng1\s+events\s+[01]\s+consumer-events-g1-\d+\s+{Regex.Escape(Node)}\s+(\d+)\s+\1\s+0\s+0\s+0\s+native(?=\n)").Count);
        var onTerminal = await OnTerminalAsync("groups", "describe", "g1");
        Assert.Equal((0, describe.Output), (onTerminal.ExitCode, onTerminal.Output));
        const string refusal = "error: group 'g1' has 1 active member on topic 'events'; stop it first (offsets are reset only while a group is empty)\n";
        var refused = await RunAsync("groups", "reset", "g1", "--topic", "events", "--to", "earliest");
        Assert.Equal((1, refusal), (refused.ExitCode, refused.Error));
        var refusedOnTerminal = await OnTerminalAsync("groups", "reset", "g1", "--topic", "events", "--to", "earliest");
        Assert.Equal((1, refusal), (refusedOnTerminal.ExitCode, refusedOnTerminal.Output));

        // once the consumer stopped, each position is applied on every partition
        await consumer.StopAsync(Wait);
        await UntilAsync(["groups"], @"\ng1\s+events\s+0\s+2\s+20\s+0\s+0\s+empty\s+native\n", "the group empty after its consumer stopped");
        Assert.Matches(@"\ng1\s+events\s+0\s+2\s+0\s+20\s+0\s+empty\s+native\n", await ResetThenListAsync("earliest"));
        Assert.Matches(@"\ng1\s+events\s+0\s+2\s+20\s+0\s+0\s+empty\s+native\n", await ResetThenListAsync("latest"));
        Assert.Matches(@"\ng1\s+events\s+0\s+2\s+0\s+20\s+0\s+empty\s+native\n", await ResetThenListAsync("2001-01-01T00:00:00Z"));
        var toOffset = await RunAsync("groups", "reset", "g1", "--topic", "events", "--to", "3");
        var rows = Regex.Matches(toOffset.Output, @"\ng1\s+events\s+([01])\s+(\d+)\s+(\d+)\s+(\d+)(?=\n)");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal(Math.Min(3, Number(row.Groups[3])), Number(row.Groups[2])));

        // unknown names and a position that does not parse: one line, exit 2
        await AssertRefusedAsync(["groups", "describe", "nope"], "error: group 'nope' does not exist (`actors groups` lists groups)\n");
        await AssertRefusedAsync(["groups", "reset", "nope", "--topic", "events", "--to", "earliest"],
            "error: group 'nope' has no offsets on topic 'events' (`actors groups describe nope` shows its topics)\n");
        await AssertRefusedAsync(["groups", "reset", "g1", "--topic", "nope", "--to", "earliest"], "error: topic 'nope' does not exist (`actors topics` lists topics)\n");
        await AssertRefusedAsync(["groups", "reset", "g1", "--topic", "events", "--to", "soon"],
            "error: --to 'soon': expected earliest, latest, an offset number or an ISO-8601 time\n");
    }

    [Fact]
    public async Task Should_move_dead_letters_back_to_their_topic()
    {
        // arrange: one delivery attempt, so a message nacked once is dead-lettered
        await StartNodeAsync(await _processes.Folder.WriteAsync("dlq.conf", "actors.topics.max-delivery-attempts = 1"));
        var lines = await _processes.Folder.WriteAsync("jobs.txt", string.Join('\n', Enumerable.Range(0, 5).Select(i => $"job{i}")) + "\n");
        Assert.Equal(0, (await RunAsync("publish", "jobs", "--file", lines, "--partitions", "1", "--quiet")).ExitCode);
        await using (var client = await GatewayClient.ConnectAsync(Node, "actors", Wait))
        {
            var nacked = 0;
            await foreach (var message in client.ConsumeAsync(new TopicName("jobs"), new GroupName("workers")))
            {
                message.Nack();
                if (++nacked == 5) break;
            }

            await Poll.UntilAsync(async () => (await client.Topics.GetStatusAsync(new TopicName("jobs.dlq"), Wait)).Sum(p => p.EndOffset) == 5, Wait,
                "the five nacked messages in jobs.dlq");
        }

        // act
        var redrive = await RunAsync("dlq", "redrive", "jobs");

        // assert: the five are back in the topic (after the first five), and nothing is left to move
        Assert.Equal((0, "moved 5 messages from jobs.dlq back to jobs\n"), (redrive.ExitCode, redrive.Output));
        Assert.Matches(@"\njobs\s+1\s+10\s+10\s+workers\s+5\s+5\s+0/1\s+0\n", (await RunAsync("topics")).Output);
        var read = await RunAsync("consume", "jobs", "--group", "workers", "--max", "5");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"job{i}"), read.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Equal((0, "moved 0 messages from jobs.dlq back to jobs\n"), Shown(await OnTerminalAsync("dlq", "redrive", "jobs")));
        await AssertRefusedAsync(["dlq", "redrive", "nope"], "error: topic 'nope' does not exist (`actors topics` lists topics)\n");
        await AssertRefusedAsync(["dlq", "redrive", "jobs.dlq"], "error: 'jobs.dlq' is a dead-letter topic; redrive the topic it belongs to (jobs)\n");
    }

    // Kills the node and any consumer still running, and writes what they printed to the output.
    public void Dispose() => _processes.Dispose();

    private async Task StartNodeAsync(string? config = null)
    {
        var node = _processes.Start(["node", "--port", _port.ToString(CultureInfo.InvariantCulture), .. config is null ? Array.Empty<string>() : ["--config", config]]);
        await node.WaitForLineAsync("member up:", Wait);
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        var result = await _processes.RunAsync([.. args, "--node", Node, "--timeout", "60"], Wait);
        _output.WriteLine($"actors {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}{result.Error}");
        return result;
    }

    /// <summary>Runs a command in a pseudo-terminal, where standard output and error both show.</summary>
    private async Task<CliResult> OnTerminalAsync(params string[] args)
    {
        var result = await Terminal.RunAsync(_processes.Folder.Path, [.. args, "--node", Node, "--timeout", "60"], Wait);
        _output.WriteLine($"(terminal) actors {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}");
        return result;
    }

    private async Task AssertRefusedAsync(string[] args, string error)
    {
        var result = await RunAsync(args);
        Assert.Equal((2, error), (result.ExitCode, result.Error));
    }

    /// <summary>Resets group g1 on events to <paramref name="position"/> (which must succeed) and returns what <c>actors groups</c> then lists.</summary>
    private async Task<string> ResetThenListAsync(string position)
    {
        var reset = await RunAsync("groups", "reset", "g1", "--topic", "events", "--to", position);
        Assert.True(reset.ExitCode == 0, reset.Error);
        Assert.StartsWith("GROUP  TOPIC   PARTITION  COMMITTED  END", reset.Output);
        return (await RunAsync("groups")).Output;
    }

    /// <summary>Runs a command until its output matches <paramref name="pattern"/>.</summary>
    private Task UntilAsync(string[] args, string pattern, string reason) =>
        Poll.UntilAsync(() => RunAsync(args), r => Regex.IsMatch(r.Output, pattern), Wait, reason, r => r.Output + r.Error);

    /// <summary>What a terminal showed: the exit code and the text.</summary>
    private static (int, string) Shown(CliResult result) => (result.ExitCode, result.Output);

    private static long Number(Group group) => long.Parse(group.Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
