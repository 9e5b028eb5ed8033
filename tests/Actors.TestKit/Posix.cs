using System.Runtime.InteropServices;

namespace Actors.Testing;

/// <summary>Signals to a process by id: .NET can kill a process (SIGKILL) but not ask it to stop (SIGTERM).</summary>
internal static class Posix
{
    public const int SigTerm = 15;

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
