namespace Actors.PeerBench;

/// <summary>What one target measured in one round; CPU and peak RSS are the server process's over both phases.</summary>
internal sealed record RunResult(string Target, PublishFigures Publish, double ConsumeRate, double CpuPer100k, double PeakRssMiB);

/// <summary>
/// Charges a run's publish and consume phases to the server process <c>pid</c>: its CPU seconds (user + system)
/// per 100,000 messages, and its peak resident set over the run (reset at the start where the kernel allows).
/// </summary>
internal static class Metered
{
    public static async Task<RunResult> RunAsync(string target, int pid, int messages, Func<Task<PublishFigures>> publish, Func<Task<double>> consume)
    {
        var resetPeak = ProcessStats.ResetPeak(pid);
        var cpuBefore = ProcessStats.CpuSeconds(pid);
        var published = await publish();
        var consumeRate = await consume();
        var cpu = ProcessStats.CpuSeconds(pid) - cpuBefore;
        if (!resetPeak) Console.WriteLine($"  ({target}: peak RSS is the server's since it started: /proc/{pid}/clear_refs is not writable)");
        return new RunResult(target, published, consumeRate, cpu / (messages / 100_000.0), ProcessStats.PeakRssMiB(pid));
    }
}
