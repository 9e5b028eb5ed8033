using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Actors.Nodes.Tests;

/// <summary>
/// The README's walk-through with the real executable: a node with embedded SQLite storage, then
/// <c>actors publish</c>, <c>actors consume</c> and <c>actors topics</c> as separate processes, then a restart
/// of the node on the same data folder: committed offsets and unconsumed messages are still there.
/// </summary>
public sealed class TopicCliSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-cli-").FullName;
    private readonly int _port = FreePort();
    private CliProcess? _node;

    [Fact]
    public async Task Should_publish_consume_and_keep_offsets_across_a_node_restart()
    {
        _node = await StartNodeAsync();
        var input = Path.Combine(_folder, "input.txt");
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
        Assert.Equal(0, await _node.StopAsync(Wait));
        _node.Dispose();
        _node = await StartNodeAsync();

        var rest = await RunAsync("consume", "events", "--group", "readers", "--max", "400", "--keys");
        Assert.Equal(0, rest.ExitCode);
        var all = firstLines.Concat(Lines(rest.Output)).ToList();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"m{i}").Order(), all.Select(l => l.Split('\t')[1]).Order());
    }

    [Fact]
    public async Task Should_answer_bad_input_with_one_line_errors()
    {
        _node = await StartNodeAsync(extraArgs: ["--config", await WriteConfigAsync("actors.topics.max-message-size = 100 B")]);
        var input = Path.Combine(_folder, "big.txt");
        await File.WriteAllLinesAsync(input, ["small", new string('x', 500), "never sent"]);

        var oversized = await RunAsync("publish", "limits", "--file", input, "--in-flight", "1");
        Assert.Equal(1, oversized.ExitCode);
        Assert.Matches(@"^error: line 2: .*(limit|exceeds|too large).*\n$", oversized.Error);

        var unknown = await RunAsync("consume", "no-such-topic");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("error: topic 'no-such-topic' does not exist (publish to it first; `actors topics` lists topics)\n", unknown.Error);

        var noNode = await CliProcess.RunAsync(_folder, ["topics", "--node", $"127.0.0.1:{FreePort()}"], Wait);
        Assert.Equal(1, noNode.ExitCode);
        Assert.StartsWith("error: cannot reach a node at 127.0.0.1:", noNode.Error);
    }

    public void Dispose()
    {
        _node?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<CliProcess> StartNodeAsync(string[]? extraArgs = null)
    {
        var node = CliProcess.Start(_folder, ["node", "--port", _port.ToString(), .. extraArgs ?? []]);
        await node.WaitForOutputAsync("member up:", Wait);
        return node;
    }

    private Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(_folder, [.. args, "--node", $"127.0.0.1:{_port}"], Wait);

    private async Task<string> WriteConfigAsync(string hocon)
    {
        var path = Path.Combine(_folder, "extra.conf");
        await File.WriteAllTextAsync(path, hocon);
        return path;
    }

    private static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static void AssertPerKeyOrder(IEnumerable<string> lines)
    {
        foreach (var key in lines.Select(l => l.Split('\t')).GroupBy(p => p[0]))
        {
            var numbers = key.Select(p => int.Parse(p[1][1..])).ToList();
            Assert.Equal(numbers.Order(), numbers);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What a finished <c>actors</c> process printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>The built <c>actors</c> executable as a child process, its output captured; killed on dispose.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly object _gate = new();

    private CliProcess(Process process) => _process = process;

    /// <summary>Starts <c>dotnet Actors.Nodes.dll args</c> in <paramref name="workingDirectory"/>.</summary>
    public static CliProcess Start(string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Actors.Nodes.Cli.TopicCommands).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(cli._output, e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(cli._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs a command to its end (or kills it after <paramref name="timeout"/>).</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout)
    {
        using var cli = Start(workingDirectory, args);
        cli._process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        await cli._process.WaitForExitAsync(deadline.Token);
        cli._process.WaitForExit();
        return new CliResult(cli._process.ExitCode, cli.Output, cli.Error);
    }

    public string Output
    {
        get
        {
            lock (_gate) return _output.ToString();
        }
    }

    public string Error
    {
        get
        {
            lock (_gate) return _error.ToString();
        }
    }

    /// <summary>Waits until stdout or stderr contains <paramref name="text"/>; fails with what was printed.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!(Output.Contains(text, StringComparison.Ordinal) || Error.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited) throw new InvalidOperationException($"the process exited ({_process.ExitCode}) before printing '{text}':\n{Output}\n{Error}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"no '{text}' within {timeout}:\n{Output}\n{Error}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGTERM and returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        Posix.Terminate(_process.Id);
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(StringBuilder into, string? line)
    {
        if (line is null) return;
        lock (_gate) into.Append(line).Append('\n');
    }

    private static class Posix
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);

        public static void Terminate(int pid) => Kill(pid, 15);
    }
}
