using System.Diagnostics;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>A client process that runs until the spec kills it; its output goes to the spec's log when it ends.</summary>
internal sealed class Background : IDisposable
{
    private readonly Process _process;
    private readonly ITestOutputHelper _output;
    private readonly StringBuilder _log = new();

    private Background(Process process, ITestOutputHelper output)
    {
        _process = process;
        _output = output;
    }

    public static Background Start(string program, IEnumerable<string> arguments, ITestOutputHelper output)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var background = new Background(Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start"), output);
        background._process.OutputDataReceived += (_, e) => background.Append(e.Data);
        background._process.ErrorDataReceived += (_, e) => background.Append(e.Data);
        background._process.BeginOutputReadLine();
        background._process.BeginErrorReadLine();
        return background;
    }

    /// <summary>What the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        lock (_log) _output.WriteLine($"--- {_process.StartInfo.FileName} (pid {_process.Id}) exited {_process.ExitCode}\n{_log}");
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}
