namespace Actors.Testing;

/// <summary>
/// Every <c>actors</c> process a spec starts, all working in one temporary folder (where a node keeps its
/// <c>data/</c>). Disposing writes the last lines each process printed to the spec's output, kills whatever
/// still runs and deletes the folder, so a failed spec leaves no node behind and says what the nodes said.
/// </summary>
public sealed class CliProcesses(string prefix, ITestOutputHelper output, int reportLines = 150) : IDisposable
{
    private readonly TempFolder _folder = new(prefix);
    private readonly List<CliProcess> _started = [];

    /// <summary>The working folder of every process started here.</summary>
    public TempFolder Folder => _folder;

    /// <summary>Starts a long-running command (a node), owned until dispose.</summary>
    public CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = CliProcess.Start(_folder.Path, args, environment);
        _started.Add(process);
        return process;
    }

    /// <summary>Starts a node and waits until it has printed the address it listens on.</summary>
    public async Task<NodeProcess> StartNodeAsync(IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var node = await NodeProcess.StartAsync(_folder.Path, args, timeout, environment);
        _started.Add(node.Process);
        return node;
    }

    /// <summary>Runs a command to its end in the folder, with <paramref name="input"/> on standard input; killed if it outlives <paramref name="timeout"/>.</summary>
    public Task<CliResult> RunAsync(IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, string? input = null) =>
        CliProcess.RunAsync(_folder.Path, args, timeout, environment, input);

    public void Dispose()
    {
        foreach (var process in _started)
        {
            // What each node printed: the first thing to read when a step fails.
            var lines = (process.Output + process.Error).Split('\n');
            output.WriteLine($"--- process {process.Id} (last {reportLines} of {lines.Length} lines)");
            foreach (var line in lines.TakeLast(reportLines)) output.WriteLine(line);
            process.Dispose();
        }

        _folder.Dispose();
    }
}
