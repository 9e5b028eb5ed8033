namespace Actors.KafkaBench;

/// <summary>
/// One <c>actors node</c> process on the default SQLite journal in a fresh temporary folder, its Kafka listener on a
/// free port (read from its start line); its CPU time and peak resident set come from <c>/proc/PID</c>. Killed and
/// its folder deleted on dispose.
/// </summary>
internal sealed class NodeUnderTest : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly TaskCompletionSource<string> _kafka = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeUnderTest(Process process, string folder)
    {
        _process = process;
        _folder = folder;
    }

    public string Kafka => _kafka.Task.Result;

    public int Id => _process.Id;

    public static async Task<NodeUnderTest> StartAsync(TimeSpan timeout)
    {
        var folder = Directory.CreateTempSubdirectory("actors-kafkabench-").FullName;
        var dll = Path.Combine(AppContext.BaseDirectory, "Actors.Nodes.dll");
        var apphost = Path.ChangeExtension(dll, null);
        var start = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet") { ArgumentList = { dll } };
        foreach (var arg in new[] { "node", "--port", "0", "--kafka-port", "0" }) start.ArgumentList.Add(arg);
        start.WorkingDirectory = folder;
        start.RedirectStandardOutput = start.RedirectStandardError = start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ACTORS_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        var node = new NodeUnderTest(new Process { StartInfo = start }, folder);
        node._process.OutputDataReceived += (_, e) => node.Read(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Read(e.Data);
        node._process.Start();
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        var ready = Task.WhenAll(node._kafka.Task, node._up.Task);
        if (await Task.WhenAny(ready, Task.Delay(timeout)) != ready)
        {
            node.Dispose();
            throw new TimeoutException($"the node did not start within {timeout.TotalSeconds} s");
        }

        return node;
    }

    /// <summary>User plus system CPU seconds the node has used (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The node's peak resident set so far, MiB (VmHWM of /proc/PID/status).</summary>
    public double PeakRssMiB()
    {
        var line = File.ReadLines($"/proc/{Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Read(string? line)
    {
        if (line is null) return;
        var at = line.IndexOf(" kafka=", StringComparison.Ordinal);
        if (line.Contains("node starting at ", StringComparison.Ordinal) && at >= 0) _kafka.TrySetResult(line[(at + 7)..].Split(' ')[0]);
        if (line.Contains("member up: ", StringComparison.Ordinal)) _up.TrySetResult();
        if (line.Contains(" fail: ", StringComparison.Ordinal) || line.StartsWith("error", StringComparison.Ordinal)) Console.Error.WriteLine($"  node: {line}");
    }
}
