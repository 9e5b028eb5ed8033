using System.Runtime.InteropServices;

namespace Actors.Testing;

/// <summary>Signals to a process by id: .NET can kill a process (SIGKILL) but not ask it to stop (SIGTERM).</summary>
internal static class Posix
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>
    /// A child inherits an ignored SIGINT (a test run started in the background of a shell without job control
    /// ignores it), and then Ctrl-C could not reach it; the default disposition is restored for children to come.
    /// </summary>
    public static void StopIgnoringInterrupts()
    {
        var ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (ignored is null || (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) == 0) return;
        _ = SetDisposition(SigInt, IntPtr.Zero);
    }

    [DllImport("libc", EntryPoint = "signal")]
    private static extern IntPtr SetDisposition(int signal, IntPtr handler);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
