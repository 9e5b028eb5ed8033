using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// <c>actors topics create | describe | delete</c> with the built executable against a node: a topic made with its
/// own partitions and retention, described (settings, hosting node, offsets, groups) the same on a terminal as
/// under redirection, deleted with its dead-letter topic and group, and created again empty (on a terminal too). Unknown and existing
/// names are one line and exit 2. The root help lists the operator commands and no longer shows `topics` as taking
/// a required topic.
/// </summary>
public sealed class TopicAdminCliSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly int _port = FreePort.Next();
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;

    public TopicAdminCliSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("topic-admin", output);
    }

    private string Node => $"127.0.0.1:{_port}";

    [Fact]
    public async Task Should_create_describe_delete_and_create_again_a_topic_that_starts_empty()
    {
        // arrange
        await StartNodeAsync();

        // act and assert: create, with its own partitions and retention; a second create is refused
        var created = await RunAsync("topics", "create", "orders", "--partitions", "3", "--retention-age", "2d", "--retention-messages", "500");
        Assert.Equal((0, "created topic orders: 3 partitions, retention 2d or 500 messages per partition, overflow drop-oldest\n"), (created.ExitCode, created.Output));
        var again = await RunAsync("topics", "create", "orders");
        Assert.Equal((2, "error: topic 'orders' already exists with 3 partitions (`actors topics describe orders` shows it)\n"), (again.ExitCode, again.Error));
        var badAge = await RunAsync("topics", "create", "other", "--retention-age", "0d");
        Assert.Equal(2, badAge.ExitCode);
        Assert.StartsWith("error: '0d' is not a duration: expected a positive number with a unit, such as 7d", badAge.Error);

        // describe, after 30 messages on one key and 10 of them consumed
        var lines = await _processes.Folder.WriteAsync("orders.txt", string.Join('\n', Enumerable.Range(0, 30).Select(i => $"same|m{i}")) + "\n");
        Assert.Equal(0, (await RunAsync("publish", "orders", "--file", lines, "--key-separator", "|", "--quiet")).ExitCode);
        Assert.Equal(0, (await RunAsync("consume", "orders", "--group", "readers", "--max", "10")).ExitCode);
        var describe = await RunWithEnvironmentNodeAsync("topics", "describe", "orders");
        Assert.Equal(0, describe.ExitCode);
        Assert.Matches(@"^TOPIC\s+PARTITIONS\s+RETENTION-AGE\s+RETENTION-MESSAGES\s+RETENTION-BYTES\s+OVERFLOW\s+CLEANUP\s+MAX-MESSAGE\s+VISIBILITY-TIMEOUT\s+MAX-ATTEMPTS\s+DEAD-LETTERS\n" +
            @"orders\s+3\s+2d\s+500\s+unlimited\s+drop-oldest\s+delete\s+1 MiB\s+30s\s+5\s+orders\.dlq\n", describe.Output);
        Assert.Equal(3, Regex.Matches(describe.Output, $@"\n[012]\s+{Regex.Escape(Node)}\s+0\s+(0|30)\s+(0|30)\s+[\d,]+\s+0(?=\n)").Count);
        Assert.Matches(@"\nreaders\s+\d\s+10\s+20\s+0\s+no\s+0\n", describe.Output);
        var onTerminal = await OnTerminalAsync("topics", "describe", "orders");
        Assert.Equal((0, describe.Output), (onTerminal.ExitCode, onTerminal.Output));
        Assert.Matches(@"\norders\s+3\s+30\s+30\s+readers\s+10\s+20\s+0/3\s+0\n", (await RunAsync("topics")).Output);

        // delete: the topic, its dead-letter topic and its group, after which the name is unknown
        var deleted = await OnTerminalAsync("topics", "delete", "orders");
        Assert.Equal((0, "deleted topic orders and orders.dlq: 6 partitions with their messages, consumer groups readers\n"), (deleted.ExitCode, deleted.Output));
        foreach (var command in new[] { "describe", "delete" })
        {
            var unknown = await RunAsync("topics", command, "orders");
            Assert.Equal((2, "error: topic 'orders' does not exist (`actors topics` lists topics)\n"), (unknown.ExitCode, unknown.Error));
        }

        Assert.DoesNotContain("orders", (await RunAsync("topics")).Output);

        // created again: empty, no groups, and the old group's name reads only what is new
        var recreated = await OnTerminalAsync("topics", "create", "orders", "--partitions", "2");
        Assert.Equal((0, "created topic orders: 2 partitions, retention 7d\n"), (recreated.ExitCode, recreated.Output));
        var exists = await OnTerminalAsync("topics", "create", "orders");
        Assert.Equal((2, "error: topic 'orders' already exists with 2 partitions (`actors topics describe orders` shows it)\n"), (exists.ExitCode, exists.Output));
        var empty = await RunAsync("topics", "describe", "orders");
        Assert.Equal(2, Regex.Matches(empty.Output, $@"\n[01]\s+{Regex.Escape(Node)}\s+0\s+0\s+0\s+0\s+0(?=\n)").Count);
        Assert.EndsWith("\n(no consumer groups)\n", empty.Output);
        var fresh = await _processes.Folder.WriteAsync("fresh.txt", "fresh\n");
        Assert.Equal(0, (await RunAsync("publish", "orders", "--file", fresh, "--quiet")).ExitCode);
        var read = await RunAsync("consume", "orders", "--group", "readers", "--max", "1");
        Assert.Equal((0, "fresh\n"), (read.ExitCode, read.Output));
    }

    [Fact]
    public async Task Should_create_a_compacted_topic_and_show_its_cleanup_policy()
    {
        // arrange
        await StartNodeAsync();

        // act
        var bad = await RunAsync("topics", "create", "prices", "--cleanup", "shred");
        var created = await RunAsync("topics", "create", "prices", "--partitions", "1", "--cleanup", "compact");
        var both = await RunAsync("topics", "create", "ledger", "--partitions", "1", "--cleanup", "delete,compact");
        var describe = await RunAsync("topics", "describe", "prices");

        // assert
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("error: 'shred' is not a cleanup policy: expected delete, compact or delete,compact", bad.Error);
        Assert.Equal((0, "created topic prices: 1 partitions, cleanup compact (the latest message per key is kept)\n"), (created.ExitCode, created.Output));
        Assert.Equal((0, "created topic ledger: 1 partitions, retention 7d, cleanup delete,compact\n"), (both.ExitCode, both.Output));
        Assert.Matches(@"\nprices\s+1\s+7d\s+unlimited\s+unlimited\s+drop-oldest\s+compact\s+1 MiB", "\n" + describe.Output);
    }

    [Fact]
    public async Task Should_create_topics_with_retention_by_bytes_and_overflow_refuse_a_full_queue_and_show_dropped_counts()
    {
        // arrange
        await StartNodeAsync();

        // act and assert: sizes and policies that are not one are refused in one line
        var badBytes = await RunAsync("topics", "create", "jobs", "--retention-bytes", "0");
        Assert.Equal(2, badBytes.ExitCode);
        Assert.StartsWith("error: '0' is not a size: expected a positive size such as 1GiB", badBytes.Error);
        var badOverflow = await RunAsync("topics", "create", "jobs", "--overflow", "sometimes");
        Assert.Equal(2, badOverflow.ExitCode);
        Assert.StartsWith("error: 'sometimes' is not an overflow policy: expected drop-oldest or reject-publish", badOverflow.Error);
        // more partitions than the cluster's actors.topics.max-partitions-per-topic (1000 by default): the registry's one line
        var wide = await RunAsync("topics", "create", "wide", "--partitions", "1001");
        Assert.Equal((1, "error: a topic may have 1 to 1000 partitions (actors.topics.max-partitions-per-topic), not 1001\n"), (wide.ExitCode, wide.Error));

        // a queue of 2 KiB that refuses what does not fit: 7 lines of 100 bytes (260 bytes each as the partition weighs them)
        var queue = await RunAsync("topics", "create", "jobs", "--partitions", "1", "--retention-bytes", "2KiB", "--overflow", "reject-publish");
        Assert.Equal((0, "created topic jobs: 1 partitions, retention 7d or 2 KiB per partition, overflow reject-publish\n"), (queue.ExitCode, queue.Output));
        Assert.Matches(@"\njobs\s+1\s+7d\s+unlimited\s+2 KiB\s+reject-publish\s+delete\s+1 MiB\s", (await RunAsync("topics", "describe", "jobs")).Output);
        var lines = await _processes.Folder.WriteAsync("jobs.txt", string.Join('\n', Enumerable.Range(0, 30).Select(i => $"job {i:D2} ".PadRight(100, '.'))) + "\n");
        var full = await RunAsync("publish", "jobs", "--file", lines, "--quiet");
        Assert.Equal(1, full.ExitCode);
        Assert.Matches(@"^error: line 8: partition jobs/0 is full \(7 messages, 1,820 bytes, retention unlimited messages / 2 KiB\) and its overflow policy is reject-publish: " +
            @"publish again once its consumer groups have committed more; first unconfirmed line 8; resume with --resume-from 8\n$", full.Error);
        Assert.Matches($@"\n0\s+{Regex.Escape(Node)}\s+0\s+7\s+7\s+1,820\s+0\n", (await RunAsync("topics", "describe", "jobs")).Output);

        // a log of 5 messages that drops the oldest: a group that read 1 of 13 lost 7 it had not read
        Assert.Equal(0, (await RunAsync("topics", "create", "events", "--partitions", "1", "--retention-messages", "5")).ExitCode);
        var first = await _processes.Folder.WriteAsync("first.txt", "e0\ne1\ne2\n");
        Assert.Equal(0, (await RunAsync("publish", "events", "--file", first, "--quiet")).ExitCode);
        Assert.Equal(0, (await RunAsync("consume", "events", "--group", "readers", "--max", "1")).ExitCode);
        var more = await _processes.Folder.WriteAsync("more.txt", string.Join('\n', Enumerable.Range(3, 10).Select(i => $"e{i}")) + "\n");
        Assert.Equal(0, (await RunAsync("publish", "events", "--file", more, "--quiet")).ExitCode);

        // assert: the DROPPED columns and the topic's total
        Assert.Matches(@"\nreaders\s+events\s+0\s+1\s+8\s+5\s+7\s+empty\s+native\n", (await RunAsync("groups")).Output);
        Assert.Matches(@"\nreaders\s+events\s+0\s+-\s+-\s+8\s+13\s+5\s+0\s+7\s+native\n", (await RunAsync("groups", "describe", "readers")).Output);
        var described = await RunAsync("topics", "describe", "events");
        Assert.Matches(@"\nreaders\s+0\s+8\s+5\s+0\s+no\s+7\n", described.Output);
        Assert.EndsWith("\n7 messages deleted by retention before their groups committed them\n", described.Output);
        Assert.Matches(@"\nevents\s+1\s+5\s+13\s+readers\s+8\s+5\s+0/1\s+7\n", (await RunAsync("topics")).Output);
    }

    [Fact]
    public async Task Should_list_the_operator_commands_in_the_root_help_and_show_topics_without_a_required_topic()
    {
        var help = await _processes.RunAsync(["--help"], Wait);

        Assert.Equal(0, help.ExitCode);
        Assert.Matches(@"\n  topics\s{2,}List the topics", help.Output);
        Assert.DoesNotContain("topics <topic>", help.Output);
        foreach (var command in new[] { "cluster", "groups", "dlq" }) Assert.Matches($@"\n  {command}\s{{2,}}\S", help.Output);
        var topics = await _processes.RunAsync(["topics", "--help"], Wait);
        foreach (var command in new[] { "create <topic>", "delete <topic>", "describe <topic>" }) Assert.Contains(command, topics.Output);
        Assert.Contains("[env ACTORS_NODE; default 127.0.0.1:4053]", (await _processes.RunAsync(["topics", "delete", "--help"], Wait)).Output);
    }

    // Kills the node if it still runs and writes what it printed to the output.
    public void Dispose() => _processes.Dispose();

    private async Task StartNodeAsync()
    {
        var node = _processes.Start(["node", "--port", _port.ToString()]);
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

    /// <summary>Runs a command that finds the node through <c>ACTORS_NODE</c> instead of <c>--node</c>.</summary>
    private async Task<CliResult> RunWithEnvironmentNodeAsync(params string[] args)
    {
        var result = await _processes.RunAsync([.. args, "--timeout", "60"], Wait, new Dictionary<string, string> { ["ACTORS_NODE"] = Node });
        _output.WriteLine($"ACTORS_NODE={Node} actors {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}{result.Error}");
        return result;
    }
}
