using System.Runtime.InteropServices;

namespace Actors.BenchSupport;

/// <summary>
/// The server processes a benchmark started, so that every one of them (and its descendants) is stopped by process
/// id however the benchmark ends: normally, by an exception, or by Ctrl-C / SIGTERM (<see cref="StopAllOnExit"/>).
/// </summary>
public static class ChildProcesses
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<Process, string?> Started = [];
    private static readonly List<PosixSignalRegistration> Signals = [];

    /// <summary>Starts <paramref name="start"/> and remembers it, with the temporary <paramref name="folder"/> to delete when it is stopped.</summary>
    public static Process Start(ProcessStartInfo start, string? folder = null)
    {
        lock (Gate)
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
            Started.Add(process, folder);
            return process;
        }
    }

    /// <summary>Kills <paramref name="process"/> and everything it started, waits for it, deletes its folder, and forgets it.</summary>
    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                // The tree is listed before anything is killed: a server started by a script (rabbitmq-server: sh, then
                // erl's beam.smp in a background job) is otherwise orphaned when the script dies first.
                var tree = ProcessStats.Descendants(process.Id);
                process.Kill(entireProcessTree: true);
                foreach (var pid in tree) Kill(pid);
            }

            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
        }

        string? folder;
        lock (Gate) Started.Remove(process, out folder);
        try
        {
            if (folder is not null) Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind in the temporary folder; nothing runs there any more.
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Sends <paramref name="signal"/> (15: SIGTERM) to the process <paramref name="pid"/>; 0 when sent.</summary>
    public static int Signal(int pid, int signal) => SendSignal(pid, signal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Stops every process still remembered.</summary>
    public static void StopAll()
    {
        List<Process> left;
        lock (Gate) left = [.. Started.Keys];
        foreach (var process in left) Stop(process);
    }

    /// <summary>
    /// Stops every remembered process when this program gets SIGINT (Ctrl-C) or SIGTERM, then lets the signal end it;
    /// and at a normal exit.
    /// </summary>
    public static void StopAllOnExit()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            Signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                Console.Error.WriteLine($"{context.Signal}: stopping the servers this benchmark started");
                StopAll();
            }));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
    }
}
