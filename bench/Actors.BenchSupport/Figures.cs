namespace Actors.BenchSupport;

/// <summary>Confirmed publishes per second and the publish→confirm latency percentiles of one run, ms.</summary>
public sealed record PublishFigures(double Rate, double P50Ms, double P99Ms)
{
    /// <summary>From <paramref name="latenciesMs"/> (sorted here) and the seconds from the first publish to the last confirm.</summary>
    public static PublishFigures From(double[] latenciesMs, double seconds)
    {
        Array.Sort(latenciesMs);
        return new PublishFigures(latenciesMs.Length / seconds, Percentile(latenciesMs, 0.50), Percentile(latenciesMs, 0.99));
    }

    /// <summary>The value at fraction <paramref name="p"/> of <paramref name="sorted"/>.</summary>
    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
