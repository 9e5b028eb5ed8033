using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Actors.Client;
using Actors.Testing;
using Actors.Topics;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// <c>actors publish</c> when every node is gone: a one-node cluster killed with SIGKILL while a file is published
/// with a short <c>--give-up-after</c>. The command gives up with exit 1 and names the first unconfirmed line N; with
/// the node back on the same journal, every line before N is stored, and <c>--resume-from N</c> publishes the rest,
/// after which every line of the file is stored. Lines from N on that the dead node had stored without confirming are
/// stored twice: the resumed run is another producer, so idempotence cannot drop them (the spec allows only those).
/// </summary>
public sealed class PublishGiveUpSpecs : IDisposable
{
    private const int Lines = 20_000;
    private const string Topic = "give-up";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly int _port = FreePort.Next();
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public PublishGiveUpSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("publish-give-up", output, reportLines: 40);
    }

    private string Node => $"127.0.0.1:{_port}";

    [Fact]
    public async Task Should_name_the_first_unconfirmed_line_when_every_node_is_gone_and_lose_no_line_before_it_or_after_resuming()
    {
        // arrange: a file of numbered lines, published a few at a time so that the kill comes mid-way
        var file = await _processes.Folder.WriteAsync("lines.txt", string.Concat(Enumerable.Range(1, Lines).Select(i => $"{i}\n")));
        var node = await StartNodeAsync();
        var publishing = _processes.RunAsync(["publish", Topic, "--file", file, "--partitions", "4", "--in-flight", "8", "--give-up-after", "5",
            "--node", Node, "--timeout", "60"], TimeSpan.FromMinutes(3));
        await using (var observer = await GatewayClient.ConnectAsync(Node, "actors", Wait))
            await Poll.UntilAsync(async () => await StoredAsync(observer) >= 1_000, Wait, "a thousand lines stored");

        // act: SIGKILL the only node
        node.Process.Kill();
        Log("killed the node");
        var published = await publishing;
        Log($"publish exited {published.ExitCode}: {published.Error.Trim()}");

        // assert: it gave up naming line N, and with the node back on its journal, no line before N is missing
        Assert.Equal(1, published.ExitCode);
        var match = Regex.Match(published.Error, @"^error: line (\d+): [^\n]+; first unconfirmed line \1; resume with --resume-from \1\n$");
        Assert.True(match.Success, published.Error);
        var first = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(first, 1_001, Lines);
        await StartNodeAsync();
        var before = await ConsumeAllAsync("after-give-up");
        Assert.Empty(Enumerable.Range(1, first - 1).Except(before));
        var storedFromFirst = before.Where(n => n >= first).ToList();
        Log($"stored before resuming: lines 1..{first - 1}, and {storedFromFirst.Count} from line {first} on (stored, never confirmed)");

        // act: resume where it said
        var resumed = await _processes.RunAsync(["publish", Topic, "--file", file, "--resume-from", first.ToString(CultureInfo.InvariantCulture),
            "--node", Node, "--timeout", "60"], TimeSpan.FromMinutes(3));

        // assert: every line is stored; the only lines stored twice are those stored but unconfirmed before
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        var after = await ConsumeAllAsync("after-resume");
        Assert.Equal(Enumerable.Range(1, Lines), after.Distinct().Order());
        var twice = after.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        Log($"stored twice: {twice.Count} lines ({string.Join(", ", twice.Take(20))})");
        Assert.All(after.GroupBy(n => n), g => Assert.InRange(g.Count(), 1, 2));
        Assert.Equal(storedFromFirst.Order(), twice);
    }

    public void Dispose() => _processes.Dispose();

    private Task<NodeProcess> StartNodeAsync() =>
        _processes.StartNodeAsync(["node", "--port", _port.ToString(CultureInfo.InvariantCulture)], Wait);

    /// <summary>Every line the topic holds, read by a fresh group with the CLI.</summary>
    private async Task<List<int>> ConsumeAllAsync(string group)
    {
        long stored;
        await using (var observer = await GatewayClient.ConnectAsync(Node, "actors", Wait))
            stored = await StoredAsync(observer);
        var consumed = await _processes.RunAsync(["consume", Topic, "--group", group, "--max", stored.ToString(CultureInfo.InvariantCulture),
            "--node", Node, "--timeout", "60"], TimeSpan.FromMinutes(3));
        Assert.True(consumed.ExitCode == 0, consumed.Error);
        var lines = consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
        Log($"group {group} read {lines.Count} of {stored} stored lines");
        return lines;
    }

    private static async Task<long> StoredAsync(GatewayClient observer)
    {
        try
        {
            var status = await observer.Topics.GetStatusAsync(new TopicName(Topic), Wait);
            return status.Sum(p => p.EndOffset - p.StartOffset);
        }
        catch (TopicException)
        {
            return 0; // not created yet
        }
    }

    private void Log(string what) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s: {what}");
}
