using System.Runtime.InteropServices;

namespace Actors.Faults;

/// <summary>
/// One run of the built <c>actors</c> command as a child process (optionally as another user, for the iptables
/// case), its output kept line by line with the time each arrived on the suite's clock, so the suite can ask
/// "when did a survivor say the dead node was removed". Killed on dispose.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<(TimeSpan At, string Line)> _lines = [];
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock;
    private readonly StreamWriter? _log;

    private NodeProcess(Process process, Stopwatch clock, string? logFile)
    {
        _process = process;
        _clock = clock;
        _log = logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true };
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public StreamWriter Input => _process.StandardInput;

    /// <summary>
    /// Starts <c>actors ARGS</c> in <paramref name="folder"/>; as user id <paramref name="uid"/> when given (needs root); every
    /// line also appended to <paramref name="logFile"/> as it comes, so a run stopped half-way still leaves its logs.
    /// </summary>
    public static NodeProcess Start(string folder, IEnumerable<string> args, Stopwatch clock, int? uid = null, string? logFile = null)
    {
        var actors = ActorsCommand.Path;
        var start = uid is { } id ? new ProcessStartInfo("setpriv") : new ProcessStartInfo(actors[0]);
        if (uid is { } user)
            foreach (var arg in (string[])[$"--reuid={user}", $"--regid={user}", "--clear-groups", "--", .. actors]) start.ArgumentList.Add(arg);
        else
            foreach (var arg in actors.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.WorkingDirectory = folder;
        start.RedirectStandardOutput = start.RedirectStandardError = start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        start.Environment["HOME"] = folder;
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ACTORS_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        var process = new Process { StartInfo = start };
        var node = new NodeProcess(process, clock, logFile);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>The first line containing <paramref name="text"/> printed at or after <paramref name="since"/>, with its time.</summary>
    public (TimeSpan At, string Line)? Find(string text, TimeSpan since = default)
    {
        lock (_gate)
            foreach (var entry in _lines)
                if (entry.At >= since && entry.Line.Contains(text, StringComparison.Ordinal)) return entry;
        return null;
    }

    /// <summary>The lines this process wrote between <paramref name="from"/> and <paramref name="to"/> on the suite's clock.</summary>
    public IReadOnlyList<(TimeSpan At, string Line)> LinesBetween(TimeSpan from, TimeSpan to)
    {
        lock (_gate) return _lines.Where(l => l.At >= from && l.At <= to).ToList();
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_gate) return _lines.Select(l => l.Line).ToList();
    }

    /// <summary>Waits for a line containing <paramref name="text"/>; null if the process exits or the timeout passes first.</summary>
    public async Task<(TimeSpan At, string Line)?> WaitForAsync(string text, TimeSpan timeout, TimeSpan since = default)
    {
        var deadline = _clock.Elapsed + timeout;
        while (_clock.Elapsed < deadline)
        {
            if (Find(text, since) is { } found) return found;
            if (_process.HasExited) return Find(text, since);
            await Task.Delay(100);
        }

        return null;
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: gone at once, without leaving the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the node leaves the cluster, hands its partitions over and exits.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, 15) != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed");
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
        lock (_gate) _log?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _lines.Add((_clock.Elapsed, line));
            _log?.WriteLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
