namespace Actors.BenchSupport;

/// <summary>
/// One <c>actors node</c> process (the built command beside the benchmark) on the default SQLite journal in a fresh
/// temporary folder, its gateway and Kafka listener on free ports (read from its start line). Its CPU time and peak
/// resident set come from <see cref="ProcessStats"/>. Killed and its folder deleted on dispose. A benchmark that restarts a
/// node on its journal passes its own folder (kept) and the node's extra options (a <c>--config</c> for PostgreSQL).
/// </summary>
public sealed class ActorsNodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<(string Gateway, string? Kafka)> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ActorsNodeProcess(Process process) => _process = process;

    /// <summary>The native gateway, <c>host:port</c>, for <c>GatewayClient.ConnectAsync</c>.</summary>
    public string Gateway => _started.Task.Result.Gateway;

    /// <summary>The Kafka listener, <c>host:port</c>.</summary>
    public string Kafka => _started.Task.Result.Kafka ?? throw new InvalidOperationException("the node opened no Kafka listener");

    /// <summary>The actor system name clients connect with.</summary>
    public const string SystemName = "actors";

    public int Id => _process.Id;

    public static async Task<ActorsNodeProcess> StartAsync(TimeSpan timeout, string? folder = null, IEnumerable<string>? options = null)
    {
        var temporary = folder is null;
        folder ??= Directory.CreateTempSubdirectory("actors-bench-node-").FullName;
        var dll = Path.Combine(AppContext.BaseDirectory, "Actors.Nodes.dll");
        var apphost = Path.ChangeExtension(dll, null);
        var start = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet") { ArgumentList = { dll } };
        foreach (var arg in new[] { "node", "--port", "0", "--kafka-port", "0", "--http-port", "0" }.Concat(options ?? [])) start.ArgumentList.Add(arg);
        start.WorkingDirectory = folder;
        start.RedirectStandardOutput = start.RedirectStandardError = start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ACTORS_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        var process = ChildProcesses.Start(start, temporary ? folder : null);
        var node = new ActorsNodeProcess(process);
        process.OutputDataReceived += (_, e) => node.Read(e.Data);
        process.ErrorDataReceived += (_, e) => node.Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = Task.WhenAll(node._started.Task, node._up.Task);
        if (await Task.WhenAny(ready, Task.Delay(timeout)) != ready)
        {
            node.Dispose();
            throw new TimeoutException($"the node did not start within {timeout.TotalSeconds} s");
        }

        return node;
    }

    public double CpuSeconds() => ProcessStats.CpuSeconds(Id);

    public double PeakRssMiB() => ProcessStats.PeakRssMiB(Id);

    public double RssMiB() => ProcessStats.RssMiB(Id);

    /// <summary>SIGTERM, as a user stops a node: it leaves the cluster and exits; true when it did within <paramref name="timeout"/>.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        if (!_process.HasExited && ChildProcesses.Signal(_process.Id, 15) != 0) return false;
        return _process.WaitForExit(timeout);
    }

    public void Dispose()
    {
        ChildProcesses.Stop(_process);
        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null) return;
        var starting = line.IndexOf("node starting at ", StringComparison.Ordinal);
        if (starting >= 0)
        {
            // "node starting at akka.tcp://actors@127.0.0.1:41234 roles=[...] ... kafka=127.0.0.1:40211 ..."
            var address = line[(starting + 17)..].Split(' ')[0];
            var at = line.IndexOf(" kafka=", StringComparison.Ordinal);
            _started.TrySetResult((address[(address.IndexOf('@') + 1)..], at >= 0 ? line[(at + 7)..].Split(' ')[0] : null));
        }

        if (line.Contains("member up: ", StringComparison.Ordinal)) _up.TrySetResult();
        if (line.Contains(" fail: ", StringComparison.Ordinal) || line.StartsWith("error", StringComparison.Ordinal)) Console.Error.WriteLine($"  node: {line}");
    }
}
