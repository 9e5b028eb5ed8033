using System.Text;

namespace Actors.Testing;

/// <summary>What a finished <c>actors</c> process printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>
/// The built <c>actors</c> executable as a child process with its output captured. Specs stop it with a
/// signal (<see cref="StopAsync"/>, <see cref="Kill"/>) and must dispose it, which kills whatever still runs.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();

    private CliProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code of a process that has exited (see <see cref="HasExited"/>).</summary>
    public int ExitCode => _process.ExitCode;

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

    /// <summary>
    /// Starts the command in <paramref name="workingDirectory"/> (where a node keeps <c>data/actors.db</c>),
    /// with no <c>ACTORS_*</c> variables but those in <paramref name="environment"/>.
    /// </summary>
    public static CliProcess Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = Executable();
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The test runner's own ACTORS_* settings (say, on a developer's machine) must not leak into a spec.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ACTORS_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        // Nodes of concurrent specs would all take Kafka's 9092: each takes a free port (named in its start line,
        // NodeProcess.KafkaAddress) unless a spec sets ACTORS_KAFKA_PORT or passes --kafka-port, which wins.
        start.Environment["ACTORS_KAFKA_PORT"] = "0";
        // Likewise the HTTP endpoint's 8558 (NodeProcess.HttpAddress).
        start.Environment["ACTORS_HTTP_PORT"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        if (OperatingSystem.IsLinux()) Posix.StopIgnoringInterrupts();
        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(cli._output, e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(cli._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>
    /// Runs a command to its end with <paramref name="input"/> on standard input (nothing by default); killed if it
    /// outlives <paramref name="timeout"/>.
    /// </summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? input = null)
    {
        using var cli = Start(workingDirectory, args, environment);
        if (input is not null)
        {
            try
            {
                await cli.WriteInputAsync(input);
            }
            catch (IOException)
            {
                // The command ended without reading its input (it failed first): its result says why.
            }
        }

        cli.CloseInput();
        var exitCode = await cli.WaitForExitAsync(timeout, $"'actors {string.Join(' ', args)}' to finish");
        return new CliResult(exitCode, cli.Output, cli.Error);
    }

    /// <summary>Writes <paramref name="text"/> (as UTF-8) to the process's standard input, which stays open until <see cref="CloseInput"/>.</summary>
    public async Task WriteInputAsync(string text)
    {
        await _process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _process.StandardInput.BaseStream.FlushAsync();
    }

    /// <summary>Ends the process's standard input.</summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone with the process.
        }
    }

    /// <summary>Waits until stdout or stderr has a line containing <paramref name="text"/>, and returns that line.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var line = FindLine(Output, text) ?? FindLine(Error, text);
            if (line is not null) return line;
            if (_process.HasExited)
            {
                _process.WaitForExit();
                line = FindLine(Output, text) ?? FindLine(Error, text);
                if (line is not null) return line;
                throw new InvalidOperationException($"process {Id} exited ({_process.ExitCode}) without printing '{text}':\n{Output}\n{Error}");
            }

            if (clock.Elapsed > timeout) throw new TimeoutException($"process {Id} printed no '{text}' within {timeout.TotalSeconds} s:\n{Output}\n{Error}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGTERM and returns the exit code; fails if the process is still running after <paramref name="timeout"/>.</summary>
    public Task<int> StopAsync(TimeSpan timeout)
    {
        Posix.Signal(_process.Id, Posix.SigTerm);
        return WaitForExitAsync(timeout, "exit after SIGTERM");
    }

    /// <summary>
    /// Sends SIGINT, as Ctrl-C in a terminal does, and returns the exit code; fails if the process is still
    /// running after <paramref name="timeout"/>.
    /// </summary>
    public Task<int> InterruptAsync(TimeSpan timeout)
    {
        Posix.Signal(_process.Id, Posix.SigInt);
        return WaitForExitAsync(timeout, "exit after SIGINT");
    }
    /// <summary>Waits for the process to end by itself and returns its exit code; fails if it still runs after <paramref name="timeout"/>.</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => WaitForExitAsync(timeout, "exit");

    /// <summary>SIGKILL: the process dies at once, without leaving the cluster.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
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

    private async Task<int> WaitForExitAsync(TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"process {Id} did not {what} within {timeout.TotalSeconds} s:\n{Output}\n{Error}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>
    /// The <c>actors</c> command as built beside the spec assembly (a spec project that runs it references
    /// src/Nodes, whose output is copied there): the apphost under its build name (the Nodes project copies the
    /// same file to <c>actors</c>), or else <c>dotnet Actors.Nodes.dll</c>.
    /// </summary>
    private static ProcessStartInfo Executable()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Actors.Nodes.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"no Actors.Nodes.dll in {AppContext.BaseDirectory}: a spec project that runs the actors command must reference src/Nodes");
        var apphost = Path.ChangeExtension(dll, OperatingSystem.IsWindows() ? ".exe" : null);
        if (File.Exists(apphost)) return new ProcessStartInfo(apphost);
        var dotnet = new ProcessStartInfo("dotnet");
        dotnet.ArgumentList.Add(dll);
        return dotnet;
    }

    private static string? FindLine(string text, string part)
    {
        var at = text.IndexOf(part, StringComparison.Ordinal);
        if (at < 0) return null;
        var start = text.LastIndexOf('\n', at) + 1;
        var end = text.IndexOf('\n', at);
        return end < 0 ? text[start..] : text[start..end];
    }

    private void Append(StringBuilder into, string? line)
    {
        if (line is null) return;
        lock (_gate) into.Append(line).Append('\n');
    }
}
