using System.Diagnostics;

namespace Actors.Bench;

/// <summary>One measured run: messages completed, wall time, and each message's latency in stopwatch ticks.</summary>
public sealed record RunResult(int Messages, TimeSpan Elapsed, long[] LatencyTicks, int Failures = 0)
{
    private long[]? _sorted;

    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;

    public double P50Ms => PercentileMs(0.50);

    public double P99Ms => PercentileMs(0.99);

    private double PercentileMs(double q)
    {
        if (LatencyTicks.Length == 0) return double.NaN;
        var sorted = _sorted ??= LatencyTicks.Order().ToArray();
        var index = Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index] * 1000.0 / Stopwatch.Frequency;
    }

    public override string ToString() =>
        $"{MessagesPerSecond,10:N0} msgs/s  p50 {P50Ms,8:N2} ms  p99 {P99Ms,8:N2} ms  ({Messages:N0} in {Elapsed.TotalSeconds:N2} s{(Failures > 0 ? $", {Failures} failed" : "")})";
}

/// <summary>A scenario's runs reduced to medians: throughput, p50 and p99 each the median over the runs.</summary>
public sealed record ScenarioResult(string Name, IReadOnlyList<RunResult> Runs)
{
    public double MessagesPerSecond => Median(Runs.Select(r => r.MessagesPerSecond));

    public double P50Ms => Median(Runs.Select(r => r.P50Ms));

    public double P99Ms => Median(Runs.Select(r => r.P99Ms));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
