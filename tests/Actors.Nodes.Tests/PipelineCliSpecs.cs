using System.Net.Sockets;
using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests;

/// <summary>
/// Pipelines on a running node with the real executable: <c>actors run FILE --seed</c> submits the tcp-counts
/// example, <c>actors pipelines</c> lists it with its counts and state, <c>actors pipelines stop</c> removes it;
/// a bad file, a taken name and an unreachable node each get exit 2 and one line.
/// </summary>
public sealed class PipelineCliSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-pipelines-").FullName;
    private readonly int _port = FreePort.Next();
    private readonly int _linesPort = FreePort.Next();
    private readonly ITestOutputHelper _output;
    private CliProcess? _node;

    public PipelineCliSpecs(ITestOutputHelper output) => _output = output;

    private string Seed => $"127.0.0.1:{_port}";

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "hocon", "pipelines", name);

    [Fact]
    public async Task Should_submit_list_and_stop_a_pipeline_on_a_running_node()
    {
        // arrange: a node whose tcp-counts pipeline will listen on a free port (PORT is read on the node), which it allows
        _node = CliProcess.Start(_folder, ["node", "--port", _port.ToString(), "--allow-tcp-port", _linesPort.ToString()],
            new Dictionary<string, string> { ["PORT"] = _linesPort.ToString() });
        await _node.WaitForLineAsync("member up:", Wait);

        // act: submit
        var run = await RunAsync("run", Example("tcp-counts.conf"), "--seed", Seed);

        // assert: one line, then listed as running on the node, counting what comes in
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^pipeline tcp-counts submitted; it (runs on 127\.0\.0\.1:\d+|starts when a node can take it .*)\n$", run.Output);
        var running = await UntilListed(@"^tcp-counts\s+127\.0\.0\.1:" + _port + @"\s+\d+\s+\d+\s+[\d.,]+\s+running$", "tcp-counts running on the node");
        await SendLinesAsync("apple", "pear", "apple");
        var counted = await UntilListed(@"^tcp-counts\s+\S+\s+3\s+\d+\s+[\d.,]+\s+running$", "three lines counted in");
        _output.WriteLine(running + "\n" + counted);

        var again = await RunAsync("run", Example("tcp-counts.conf"), "--node", Seed);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal("error: a pipeline named 'tcp-counts' is already registered (on akka.tcp://actors@127.0.0.1:" + _port +
            "); stop it first (actors pipelines stop tcp-counts) or give this one another pipeline.name\n", again.Error);

        var stop = await RunAsync("pipelines", "stop", "tcp-counts", "--seed", Seed);
        Assert.Equal(0, stop.ExitCode);
        Assert.Equal("pipeline tcp-counts stopped\n", stop.Output);
        var list = await RunAsync("pipelines", "--seed", Seed);
        Assert.Equal(0, list.ExitCode);
        Assert.StartsWith("(no pipelines", list.Output);
        var stopAgain = await RunAsync("pipelines", "stop", "tcp-counts", "--seed", Seed);
        Assert.Equal(2, stopAgain.ExitCode);
        Assert.Equal("error: no pipeline named 'tcp-counts' (actors pipelines lists them)\n", stopAgain.Error);
    }

    [Fact]
    public async Task Should_submit_a_pipeline_file_with_its_includes_merged_in()
    {
        // arrange: the source only in an included file, which stays here (a node refuses an include in what it is sent)
        var client = Directory.CreateDirectory(Path.Combine(_folder, "client")).FullName;
        await File.WriteAllTextAsync(Path.Combine(client, "source.conf"), $"source {{ type = tcp, port = {_linesPort} }}");
        var main = Path.Combine(client, "main.conf");
        await File.WriteAllTextAsync(main, "pipeline {\n  name = included\n  include required(file(\"source.conf\"))\n" +
            "  stages = [ { type = window-count, size = 1s }, { type = format } ]\n  sink { type = topic, topic = included-counts }\n}\n");
        _node = CliProcess.Start(_folder, ["node", "--port", _port.ToString(), "--allow-tcp-port", _linesPort.ToString()]);
        await _node.WaitForLineAsync("member up:", Wait);

        // act
        var run = await RunAsync("run", main, "--seed", Seed);

        // assert: accepted, and it reads from the included source
        Assert.Equal(0, run.ExitCode);
        await UntilListed(@"^included\s+127\.0\.0\.1:" + _port + @"\s+\d+\s+\d+\s+[\d.,]+\s+running$", "the pipeline running on the node");
        await SendLinesAsync("apple");
        await UntilListed(@"^included\s+\S+\s+1\s+\d+\s+[\d.,]+\s+running$", "a line counted in through the included source");
    }

    [Fact]
    public async Task Should_refuse_a_bad_file_or_an_unreachable_node_with_exit_2_and_one_line()
    {
        var file = Path.Combine(_folder, "bad.conf");
        await File.WriteAllTextAsync(file, "pipeline {\n  source { type = file, path = x }\n  stages = [ { type = shuffle } ]\n  sink { type = stdout }\n}\n");

        // No node is needed to refuse a bad file: it is checked before anything is sent.
        var bad = await RunAsync("run", file, "--seed", Seed);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith($"error: {file}:3:", bad.Error);
        Assert.Contains("unknown stage type 'shuffle'", bad.Error);
        Assert.Single(bad.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var unreachable = await RunAsync("run", Example("tcp-counts.conf"), "--seed", Seed);
        Assert.Equal(2, unreachable.ExitCode);
        Assert.StartsWith($"error: cannot reach a node at {Seed}", unreachable.Error);
        Assert.Single(unreachable.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(unreachable.Output);
    }

    public void Dispose()
    {
        if (_node is not null)
        {
            var lines = (_node.Output + _node.Error).Split('\n');
            _output.WriteLine($"--- node (last 80 of {lines.Length} lines)");
            foreach (var line in lines.TakeLast(80)) _output.WriteLine(line);
            _node.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Runs <c>actors pipelines</c> until a line matches <paramref name="pattern"/> (the registry settles, the pipeline starts).</summary>
    private async Task<string> UntilListed(string pattern, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < Wait)
        {
            var list = await RunAsync("pipelines", "--seed", Seed);
            last = list.Output + list.Error;
            if (list.ExitCode == 0 && list.Output.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, pattern)) is { } line) return line;
            await Task.Delay(200);
        }

        throw new TimeoutException($"timed out after {Wait.TotalSeconds} s waiting for: {what}; last listing:\n{last}");
    }

    private async Task SendLinesAsync(params string[] lines)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _linesPort);
        await using var writer = new StreamWriter(tcp.GetStream());
        foreach (var line in lines) await writer.WriteAsync(line + "\n");
        await writer.FlushAsync();
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        var result = await CliProcess.RunAsync(_folder, args, Wait);
        _output.WriteLine($"actors {string.Join(' ', args)} -> {result.ExitCode} {result.Output.Trim()} {result.Error.Trim()}");
        return result;
    }
}
