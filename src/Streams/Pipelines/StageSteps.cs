using static Actors.Streams.Pipelines.PipelineCatalog;

namespace Actors.Streams.Pipelines;

/// <summary>
/// The stages a pipeline file may name (<c>stages = [ { type = split } ]</c>). The text steps (split, lowercase,
/// filter) keep no state, so a <c>workers</c> stage can run the same functions on other nodes.
/// </summary>
internal static class StageSteps
{
    public static IReadOnlyList<StepType> All { get; } =
    [
        Stage("split", ElementKind.Text, ElementKind.Text, [], ["separator"], c =>
        {
            var split = Split(c.Settings);
            // A string[] is an IEnumerable<object> as it is (array covariance); no per-line Cast iterator.
            return c.Checkpoints
                ? Flow.Create<object>().SelectMany(l => l is Checkpoint ? [l] : (IEnumerable<object>)split((string)l))
                : Flow.Create<object>().SelectMany(l => (IEnumerable<object>)split((string)l));
        }, "each line into its words") with { Stateless = SplitEach },
        Map("lowercase", ElementKind.Text, ElementKind.Text, [], [], _ => l => ((string)l).ToLowerInvariant(), "lower-cases text"),
        Stage("filter", ElementKind.Text, ElementKind.Text, ["contains"], [], c =>
        {
            var keep = Contains(c.Settings);
            return Flow.Create<object>().Where(l => l is Checkpoint || keep((string)l));
        }, "keeps text containing a string") with { Stateless = FilterEach },
        Stage("workers", ElementKind.Text, ElementKind.Text, ["stages"], ["role", "window"], WorkerSteps.Build,
            "runs its stages (lowercase, split, filter) on worker nodes") with { NeedsCluster = true },
        Stage("take", ElementKind.Text, ElementKind.Text, ["count"], [], c => c.Checkpoints
            ? CheckpointFlows.Take(c.Settings.Int("count"))
            : Flow.Create<object>().Take(c.Settings.Int("count")), "ends the stream after n elements (from a topic: at the checkpoint after the nth, which commits the messages read with it)"),
        Stage("count", ElementKind.Text, ElementKind.Counts, [], [], c => CheckpointFlows.AtEnd(c.Checkpoints,
            () => new Dictionary<string, long>(), (counts, t) => Increment(counts, (string)t), Results), "counts each distinct text when the stream ends"),
        Stage("window-count", ElementKind.Text, ElementKind.Counts, ["size"], ["max-elements"], c =>
        {
            var (max, size) = (c.Settings.Int("max-elements", 1_000_000), c.Settings.Duration("size"));
            return c.Checkpoints
                ? Flow.Create<object>().GroupedWeightedWithin(max, int.MaxValue, size, e => e is Checkpoint ? 0L : 1L).SelectMany(CheckpointFlows.Around(CountAll))
                : Flow.Create<object>().GroupedWithin(max, size).SelectMany(CountAll);
        }, "counts each distinct text per processing-time window"),
        Stage("top", ElementKind.Counts, ElementKind.Counts, ["n"], [], c =>
        {
            var n = c.Settings.Int("n");
            return CheckpointFlows.AtEnd(c.Checkpoints, () => new List<KeyCount>(), (all, k) => all.Add((KeyCount)k),
                all => all.OrderByDescending(k => k.Count).ThenBy(k => k.Key, StringComparer.Ordinal).Take(n));
        }, "the n largest counts when the stream ends"),
        Map("format", ElementKind.Counts, ElementKind.Text, [], ["separator"], s =>
        {
            var separator = s.String("separator", " ");
            return c => $"{((KeyCount)c).Key}{separator}{((KeyCount)c).Count}";
        }, "counts as text lines: key count"),
    ];

    /// <summary>The words of a line, cut at the step's separator (a space by default), trimmed, none empty.</summary>
    private static Func<string, string[]> Split(StepSettings settings)
    {
        var separator = settings.String("separator", " ");
        return line => line.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Whether a text holds the step's string (ordinal).</summary>
    private static Func<string, bool> Contains(StepSettings settings)
    {
        var needle = settings.String("contains");
        return text => text.Contains(needle, StringComparison.Ordinal);
    }

    private static Func<object, IEnumerable<object>> SplitEach(StepSettings settings)
    {
        var split = Split(settings);
        return line => split((string)line);
    }

    private static Func<object, IEnumerable<object>> FilterEach(StepSettings settings)
    {
        var keep = Contains(settings);
        return text => keep((string)text) ? [text] : [];
    }

    private static IEnumerable<object> CountAll(IEnumerable<object> texts)
    {
        var counts = new Dictionary<string, long>();
        foreach (var text in texts) Increment(counts, (string)text);
        return Results(counts);
    }

    private static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static IEnumerable<object> Results(Dictionary<string, long> counts) => counts.Select(c => (object)new KeyCount(c.Key, c.Value));
}
