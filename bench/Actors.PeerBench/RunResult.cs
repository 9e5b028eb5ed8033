namespace Actors.PeerBench;

/// <summary>
/// What one target measured in one round; CPU and peak RSS are the server process's over both phases (and its CPU in
/// each phase apart), client CPU this benchmark process's (where the target's client library runs, the only one
/// working during the run).
/// </summary>
internal sealed record RunResult(string Target, PublishFigures Publish, double ConsumeRate, double CpuPer100k, double PeakRssMiB, double ClientCpuPer100k,
    double PublishCpuPer100k, double ConsumeCpuPer100k);

/// <summary>
/// Charges a run's publish and consume phases to the server process <c>pid</c>: its CPU seconds (user + system)
/// per 100,000 messages, and its peak resident set over the run (reset at the start where the kernel allows); and the
/// client's CPU seconds per 100,000: this process's, which runs one target's client at a time (librdkafka's threads
/// included), the benchmark's own bookkeeping alike for all.
/// </summary>
internal static class Metered
{
    public static async Task<RunResult> RunAsync(string target, int pid, int messages, Func<Task<PublishFigures>> publish, Func<Task<double>> consume)
    {
        var resetPeak = ProcessStats.ResetPeak(pid);
        var cpuBefore = ProcessStats.CpuSeconds(pid);
        var clientBefore = ProcessStats.CpuSeconds(Environment.ProcessId);
        var published = await publish();
        var cpuPublished = ProcessStats.CpuSeconds(pid);
        var consumeRate = await consume();
        var cpuAfter = ProcessStats.CpuSeconds(pid);
        var cpu = cpuAfter - cpuBefore;
        var client = ProcessStats.CpuSeconds(Environment.ProcessId) - clientBefore;
        if (!resetPeak) Console.WriteLine($"  ({target}: peak RSS is the server's since it started: /proc/{pid}/clear_refs is not writable)");
        var per100k = messages / 100_000.0;
        return new RunResult(target, published, consumeRate, cpu / per100k, ProcessStats.PeakRssMiB(pid), client / per100k,
            (cpuPublished - cpuBefore) / per100k, (cpuAfter - cpuPublished) / per100k);
    }
}
