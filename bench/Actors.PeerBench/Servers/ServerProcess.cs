using System.Net;
using System.Net.Sockets;

namespace Actors.PeerBench.Servers;

/// <summary>
/// A peer server run as a child process of the benchmark in its own temporary folder, its output kept (the last lines
/// are shown when it fails to start). Stopped by process id, with everything it started, and its folder deleted on dispose.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Queue<string> _tail = new();

    private ServerProcess(Process process, string folder)
    {
        Process = process;
        Folder = folder;
    }

    public Process Process { get; }

    public string Folder { get; }

    /// <summary>The last lines the server printed, for an error message.</summary>
    public string Tail
    {
        get
        {
            lock (_tail) return string.Join(" | ", _tail);
        }
    }

    /// <summary>
    /// Starts <paramref name="file"/> with <paramref name="args"/> and <paramref name="environment"/> in <paramref name="folder"/>,
    /// which is deleted when it stops if <paramref name="ownsFolder"/>.
    /// </summary>
    public static ServerProcess Start(string file, IEnumerable<string> args, string folder, IReadOnlyDictionary<string, string>? environment = null,
        bool ownsFolder = true)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder, UseShellExecute = false,
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var server = new ServerProcess(ChildProcesses.Start(start, ownsFolder ? folder : null), folder);
        server.Process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server.Process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server.Process.BeginOutputReadLine();
        server.Process.BeginErrorReadLine();
        return server;
    }

    /// <summary>A port nothing listens on now on 127.0.0.1 (the system picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Tries <paramref name="probe"/> until it succeeds, the server exits, or <paramref name="timeout"/> passes (each a
    /// one-line error with the server's last output).
    /// </summary>
    public async Task WaitUntilReadyAsync(string name, Func<Task> probe, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (Process.HasExited) throw new InvalidOperationException($"{name} exited with {Process.ExitCode} while starting: {Tail}");
            try
            {
                await probe();
                return;
            }
            catch (Exception) when (deadline.Elapsed < timeout)
            {
                // Not listening yet: the server is still starting. Poll again shortly (the condition, not a fixed wait).
                await Task.Delay(250);
            }
            catch (Exception ex)
            {
                throw new TimeoutException($"{name} was not ready within {timeout.TotalSeconds:0} s ({ex.Message}): {Tail}");
            }
        }
    }

    public void Dispose()
    {
        ChildProcesses.Stop(Process);
        Process.Dispose();
    }

    private void Keep(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        lock (_tail)
        {
            _tail.Enqueue(line.Trim());
            while (_tail.Count > 8) _tail.Dequeue();
        }
    }
}
