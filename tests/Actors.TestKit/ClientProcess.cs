namespace Actors.Testing;

/// <summary>
/// A real client program (a kafkajs consumer, say) running beside a spec until the spec ends it: its output is
/// collected line by line for conditions (<see cref="Lines"/>), <see cref="CloseInputAsync"/> asks it to finish
/// cleanly (the scripts leave their group when standard input closes), and dispose kills what still runs and
/// writes what it printed to the spec's output.
/// </summary>
public sealed class ClientProcess : IDisposable
{
    private readonly Process _process;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    private ClientProcess(Process process, ITestOutputHelper output)
    {
        _process = process;
        _output = output;
    }

    public static ClientProcess Start(string program, IEnumerable<string> arguments, ITestOutputHelper output)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var client = new ClientProcess(new Process { StartInfo = start }, output);
        client._process.OutputDataReceived += (_, e) => client.Append(e.Data);
        client._process.ErrorDataReceived += (_, e) => client.Append(e.Data is null ? null : "stderr: " + e.Data);
        client._process.Start();
        client._process.BeginOutputReadLine();
        client._process.BeginErrorReadLine();
        return client;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line printed so far (standard error prefixed <c>stderr: </c>).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate) return _lines.ToList();
        }
    }

    /// <summary>Closes standard input and waits for the program to exit by itself; returns its exit code.</summary>
    public async Task<int> CloseInputAsync(TimeSpan timeout)
    {
        _process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} (pid {Id}) did not exit within {timeout.TotalSeconds} s of its input closing");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _output.WriteLine($"--- {Path.GetFileName(_process.StartInfo.FileName)} {string.Join(' ', _process.StartInfo.ArgumentList.Skip(1))} (pid {Id}) exited {_process.ExitCode}");
        foreach (var line in Lines) _output.WriteLine(line);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _lines.Add(line);
    }
}
