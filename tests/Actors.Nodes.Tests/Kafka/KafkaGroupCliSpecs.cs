using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests.Kafka;

/// <summary>
/// Kafka groups beside native ones, with a real node and kafka-python: a group that read and committed shows in
/// <c>actors groups</c> (KIND kafka), <c>groups describe</c>, <c>actors topics</c> and <c>topics describe</c> with its committed offsets and
/// the lag of messages published after; <c>groups reset</c> refuses it with one line. One name is one kind: a native
/// consumer on the Kafka group's name ends with one line, and kafka-python on a native group's name is refused
/// INVALID_GROUP_ID while the node logs why.
/// </summary>
public sealed class KafkaGroupCliSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly CliProcesses _processes = new("kafka-group-cli", output);

    // Reads up to `expect` messages of the topic in the group, commits, leaves; a refused join prints the error's name and exits 3.
    private const string Consumer = """
        import sys
        from kafka import KafkaConsumer
        servers, topic, group, expect = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        c = KafkaConsumer(topic, bootstrap_servers=servers, group_id=group, auto_offset_reset="earliest", enable_auto_commit=False,
                          consumer_timeout_ms=30000, api_version_auto_timeout_ms=30000)
        seen = 0
        try:
            for m in c:
                seen += 1
                if seen == expect:
                    break
        except Exception as e:
            print(type(e).__name__)
            sys.exit(3)
        c.commit()
        c.close()
        print(seen)
        """;

    [Fact]
    public async Task Should_list_a_kafka_python_group_with_its_offsets_and_lag_and_keep_names_to_one_kind()
    {
        // arrange: 30 messages on 2 partitions, read and committed by kafka-python's group py-readers; then 5 more
        var python = ExternalTool.Require("/usr/bin/python3", "python3-kafka");
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        var kafka = node.KafkaAddress ?? throw new InvalidOperationException("the start line names no Kafka listener");
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        await PublishAsync(node, "py-events", 0, 30);
        var read = await Run(python, ["-c", Consumer, kafka, "py-events", "py-readers", "30"]);
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal("30", read.Output.Trim());
        await PublishAsync(node, "py-events", 30, 5);

        // act
        var groups = await Poll.UntilAsync(() => Cli(node, "groups"), r => r.Output.Contains("empty", StringComparison.Ordinal), Wait,
            "the group listed empty once kafka-python left it", r => r.Output);
        var describe = await Cli(node, "groups", "describe", "py-readers");
        var topics = await Cli(node, "topics");
        var topicDescription = await Cli(node, "topics", "describe", "py-events");
        var reset = await Cli(node, "groups", "reset", "py-readers", "--topic", "py-events", "--to", "earliest");
        var nativeOnKafkaName = await Cli(node, "consume", "py-events", "--group", "py-readers", "--max", "1");

        // assert: the group, its 30 committed and 5 of lag, as a Kafka group without members
        Assert.Matches(@"\npy-readers\s+py-events\s+0\s+2\s+30\s+5\s+-\s+empty\s+kafka\n", groups.Output);
        var rows = Regex.Matches(describe.Output, @"\npy-readers\s+py-events\s+([01])\s+-\s+-\s+(\d+)\s+(\d+)\s+(\d+)\s+-\s+-\s+kafka(?=\n)");
        Assert.Equal(2, rows.Count);
        Assert.Equal(30, rows.Sum(r => int.Parse(r.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(5, rows.Sum(r => int.Parse(r.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Matches(@"\npy-events\s+2\s+35\s+35\s+py-readers\s+30\s+5\s+0/2\s+0\n", topics.Output);
        Assert.Equal(2, Regex.Matches(topicDescription.Output, @"\npy-readers\s+[01]\s+\d+\s+[0-5]\s+0\s+no\s+0(?=\n)").Count);
        Assert.Equal((1, "error: group 'py-readers' is a Kafka consumer group: reset its offsets with a Kafka tool (such as kafka-consumer-groups --reset-offsets) while it has no members\n"),
            (reset.ExitCode, reset.Error));
        Assert.Equal((1, "error: group 'py-readers' is a Kafka consumer group; choose another name\n"), (nativeOnKafkaName.ExitCode, nativeOnKafkaName.Error));

        // and the other way: a native group's name refused to kafka-python, with the node's line why
        var native = await Cli(node, "consume", "py-events", "--group", "cli-readers", "--max", "35");
        Assert.Equal(0, native.ExitCode);
        var refused = await Run(python, ["-c", Consumer, kafka, "py-events", "cli-readers", "1"]);
        Assert.Equal((3, "InvalidGroupIdError"), (refused.ExitCode, refused.Output.Trim()));
        Assert.Contains("refused (INVALID_GROUP_ID): group 'cli-readers' is a native consumer group; choose another name",
            await node.Process.WaitForLineAsync("refused (INVALID_GROUP_ID)", Wait), StringComparison.Ordinal);
    }

    public void Dispose() => _processes.Dispose();

    private async Task PublishAsync(NodeProcess node, string topic, int first, int count)
    {
        var file = await _processes.Folder.WriteAsync($"{topic}-{first}.txt", string.Join('\n', Enumerable.Range(first, count).Select(i => $"k{i % 7}|m{i}")) + "\n");
        var published = await Cli(node, "publish", topic, "--file", file, "--key-separator", "|", "--partitions", "2", "--quiet");
        Assert.True(published.ExitCode == 0, published.Error);
    }

    private async Task<CliResult> Cli(NodeProcess node, params string[] args)
    {
        var result = await _processes.RunAsync([.. args, "--node", node.HostPort, "--timeout", "60"], Wait);
        output.WriteLine($"actors {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}{result.Error}");
        return result;
    }

    private async Task<ExternalTool.Result> Run(string program, string[] arguments)
    {
        var result = await ExternalTool.RunAsync(program, arguments, Wait);
        output.WriteLine($"{program} {string.Join(' ', arguments.Select(a => a.Length > 80 ? a[..80] + "..." : a))}\n{result}");
        return result;
    }
}
