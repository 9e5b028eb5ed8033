using Actors.Testing;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// The data commands as a user runs them in a shell, in a pseudo-terminal (<see cref="Terminal"/>): <c>publish</c>
/// draws its progress bar there (it crashed on its first draw in every real terminal while redirected specs
/// passed), then <c>consume</c> and <c>topics</c> print what the user reads, with no stack trace.
/// </summary>
public sealed class TerminalCliSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly int _port = FreePort.Next();
    private readonly CliProcesses _processes = new("terminal-cli", output);

    [Fact]
    public async Task Should_publish_with_progress_consume_and_list_topics_in_a_terminal()
    {
        // arrange: a node, and 20,000 lines (enough input for the progress bar to draw)
        var node = _processes.Start(["node", "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await node.WaitForLineAsync("member up:", Wait);
        var file = await _processes.Folder.WriteAsync("lines.txt", string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i}\n")));

        // act
        var published = await OnTerminalAsync("publish", "lines", "--file", file);
        var consumed = await OnTerminalAsync("consume", "lines", "--group", "readers", "--max", "5");
        var topics = await OnTerminalAsync("topics");

        // assert
        Assert.True(published.ExitCode == 0, published.Output);
        Assert.Contains(" confirmed", published.Output); // the progress bar drew
        Assert.Contains("published 20,000 messages to lines", published.Output);
        Assert.True(consumed.ExitCode == 0, consumed.Output);
        var lines = consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, line => Assert.InRange(int.Parse(line, System.Globalization.CultureInfo.InvariantCulture), 1, 20_000));
        Assert.True(topics.ExitCode == 0, topics.Output);
        Assert.Matches(@"(?m)^lines\s+8\s+20,000\s+20,000\s+readers\s+5\s", topics.Output);
        Assert.All(new[] { published, consumed, topics }, result => Assert.DoesNotContain("Exception", result.Output));
    }

    public void Dispose() => _processes.Dispose();

    private async Task<CliResult> OnTerminalAsync(params string[] args)
    {
        var result = await Terminal.RunAsync(_processes.Folder.Path, [.. args, "--node", $"127.0.0.1:{_port}", "--timeout", "60"], Wait);
        output.WriteLine($"(terminal) actors {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}");
        return result;
    }
}
