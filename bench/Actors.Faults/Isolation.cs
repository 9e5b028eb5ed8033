using System.Runtime.InteropServices;

namespace Actors.Faults;

/// <summary>
/// Case d's network partition with iptables, on loopback: one chain in OUTPUT drops every packet the node's
/// user id sends (so it reaches no peer and answers nothing) and every packet sent to its port (so no peer or
/// client reaches it), except its own connections to the PostgreSQL port: the node is cut off from the cluster,
/// not from its journal, the case a split-brain resolver exists for. Only this suite's nodes run under those
/// user ids and listen on those ports, so nothing else on the machine is touched; the chain is removed on heal,
/// on exit and on Ctrl-C.
/// </summary>
internal sealed class Isolation : IDisposable
{
    private readonly string _chain = $"ACTORS-FAULTS-{Environment.ProcessId}";
    private bool _active;

    public Isolation()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Heal();
        Console.CancelKeyPress += (_, _) => Heal();
    }

    /// <summary>Why case d cannot run here, or null when it can (Linux, root, a working iptables).</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "iptables needs Linux";
        if (GetEffectiveUserId() != 0) return "needs root (run the suite with sudo) to change iptables rules and run nodes as their own users";
        try
        {
            var (code, output) = Run("-S", "OUTPUT");
            return code == 0 ? null : $"iptables does not work here: {output.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "iptables is not installed";
        }
    }

    public void Isolate(int uid, int port, int? keepPort)
    {
        Check(Run("-N", _chain));
        if (keepPort is { } db) Check(Run("-A", _chain, "-p", "tcp", "--dport", $"{db}", "-m", "owner", "--uid-owner", $"{uid}", "-j", "RETURN"));
        Check(Run("-A", _chain, "-m", "owner", "--uid-owner", $"{uid}", "-j", "DROP"));
        Check(Run("-A", _chain, "-p", "tcp", "--dport", $"{port}", "-j", "DROP"));
        Check(Run("-I", "OUTPUT", "1", "-j", _chain));
        _active = true;
    }

    public void Heal()
    {
        if (!_active) return;
        _active = false;
        Run("-D", "OUTPUT", "-j", _chain);
        Run("-F", _chain);
        Run("-X", _chain);
    }

    public void Dispose() => Heal();

    private static void Check((int Code, string Output) result)
    {
        if (result.Code != 0) throw new InvalidOperationException($"iptables failed: {result.Output.Trim()}");
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("iptables") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
