namespace Actors.PeerBench.Servers;

/// <summary>
/// Installs the peers' servers from Debian's packages when their commands are missing (<c>apt-get install -y</c>,
/// run as root), printing what it runs. The benchmark starts its own instances; a system service the package may have
/// started is left alone (its ports are not ours).
/// </summary>
internal static class Install
{
    public static async Task EnsureAsync(IReadOnlyList<(string Command, string Package)> needed)
    {
        var missing = needed.Where(n => Locate(n.Command) is null).Select(n => n.Package).Distinct().ToList();
        if (missing.Count == 0) return;
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root")
            throw new InvalidOperationException($"{string.Join(" and ", missing)} not installed, and installing needs root: run `apt-get install -y {string.Join(' ', missing)}`");
        Console.WriteLine($"installing {string.Join(", ", missing)}: apt-get install -y {string.Join(' ', missing)}");
        if (await AptAsync(["install", "-y", .. missing]) != 0)
        {
            Console.WriteLine("apt-get install failed; apt-get update, then again");
            if (await AptAsync(["update"]) != 0 || await AptAsync(["install", "-y", .. missing]) != 0)
                throw new InvalidOperationException($"apt-get could not install {string.Join(", ", missing)}");
        }

        foreach (var (command, package) in needed)
            if (Locate(command) is null) throw new InvalidOperationException($"{command} still missing after installing {package}");
    }

    /// <summary>The full path of <paramref name="command"/> on PATH (and /usr/sbin, which root's PATH may lack), or null.</summary>
    public static string? Locate(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/usr/lib/rabbitmq/bin")
        .Select(dir => Path.Combine(dir, command)).FirstOrDefault(File.Exists);

    private static async Task<int> AptAsync(string[] args)
    {
        var start = new ProcessStartInfo("apt-get") { UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var apt = Process.Start(start) ?? throw new InvalidOperationException("apt-get did not start");
        await apt.WaitForExitAsync();
        return apt.ExitCode;
    }
}
