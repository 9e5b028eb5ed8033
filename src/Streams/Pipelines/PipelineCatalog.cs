using Actors.Consumers;
using Actors.Partitions;
using Actors.Streams.Connectors;
using Actors.Streams.Stages;

namespace Actors.Streams.Pipelines;

/// <summary>
/// The vocabulary of pipeline files: every source, stage and sink a file may name, with its element types
/// and settings. Each builds on the library's own blueprints (connectors, topic stages, operators).
/// </summary>
public static class PipelineCatalog
{
    public static IReadOnlyDictionary<string, StepKind> Kinds { get; } = new[]
    {
        Source("file", ["path"], [], (s, _) => FileLines.Source(s.String("path")), "the lines of a file"),
        Source("tcp", ["port"], ["host", "framing"], (s, system) => TcpLines.Server(system, s.String("host", "127.0.0.1"), s.Int("port"),
            s.String("framing", "newline") == "length-prefixed" ? LineFraming.LengthPrefixed : LineFraming.Newline), "lines sent to a TCP port"),
        Source("topic", ["topic"], ["group"], (s, system) => TopicSource.Plain(system,
                new ConsumerSettings(s.String("topic"), s.String("group", "pipeline"), 500, StartFrom.Earliest))
            .Select(m => System.Text.Encoding.UTF8.GetString(m.Payload)), "a topic's messages as text, read by a consumer group"),

        Stage("split", ElementKind.Text, ElementKind.Text, [], ["separator"], s =>
        {
            var separator = s.String("separator", " ");
            // A string[] is an IEnumerable<object> as it is (array covariance); no per-line Cast iterator.
            return Flow.Create<object>().SelectMany(l => (IEnumerable<object>)((string)l).Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }, "each line into its words"),
        Stage("lowercase", ElementKind.Text, ElementKind.Text, [], [], _ => Flow.Create<object>().Select(l => (object)((string)l).ToLowerInvariant()), "lower-cases text"),
        Stage("filter", ElementKind.Text, ElementKind.Text, ["contains"], [], s =>
        {
            var needle = s.String("contains");
            return Flow.Create<object>().Where(l => ((string)l).Contains(needle, StringComparison.Ordinal));
        }, "keeps text containing a string"),
        Stage("take", ElementKind.Text, ElementKind.Text, ["count"], [], s => Flow.Create<object>().Take(s.Int("count")), "ends the stream after n elements"),
        Stage("count", ElementKind.Text, ElementKind.Counts, [], [], _ => Flow.Create<object>()
            .Aggregate(new Dictionary<string, long>(), (counts, t) => Increment(counts, (string)t))
            .SelectMany(counts => counts.Select(c => (object)new KeyCount(c.Key, c.Value))), "counts each distinct text when the stream ends"),
        Stage("window-count", ElementKind.Text, ElementKind.Counts, ["size"], ["max-elements"], s => Flow.Create<object>()
            .GroupedWithin(s.Int("max-elements", 1_000_000), s.Duration("size"))
            .SelectMany(window => window.Aggregate(new Dictionary<string, long>(), (counts, t) => Increment(counts, (string)t))
                .Select(c => (object)new KeyCount(c.Key, c.Value))), "counts each distinct text per processing-time window"),
        Stage("top", ElementKind.Counts, ElementKind.Counts, ["n"], [], s =>
        {
            var n = s.Int("n");
            return Flow.Create<object>().Aggregate(new List<KeyCount>(), (all, c) => { all.Add((KeyCount)c); return all; })
                .SelectMany(all => all.OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).Take(n).Cast<object>());
        }, "the n largest counts when the stream ends"),
        Stage("format", ElementKind.Counts, ElementKind.Text, [], ["separator"], s =>
        {
            var separator = s.String("separator", " ");
            return Flow.Create<object>().Select(c => (object)$"{((KeyCount)c).Key}{separator}{((KeyCount)c).Count}");
        }, "counts as text lines: key count"),

        Sink("stdout", [], [], (_, _) => Akka.Streams.Dsl.Sink.ForEach<object>(Console.WriteLine), "prints each line"),
        Sink("file", ["path"], [], (s, _) => Flow.Create<object>().Select(l => (string)l).ToMaterialized(FileLines.Sink(s.String("path")), Keep.Right), "writes lines to a file"),
        Sink("topic", ["topic"], [], (s, system) => Flow.Create<object>().Select(l => (string)l)
            .ToMaterialized(TopicSink.Lines(system, s.String("topic"), key: l => l.Split(' ')[0]), Keep.Right), "publishes lines (keyed by their first word)"),
    }.ToDictionary(k => $"{k.Role}:{k.Name}");

    private static Dictionary<string, long> Increment(Dictionary<string, long> counts, string key)
    {
        counts[key] = counts.GetValueOrDefault(key) + 1;
        return counts;
    }

    private static StepKind Source<TMat>(string name, string[] required, string[] optional, Func<StepSettings, ActorSystem, Source<string, TMat>> build, string description) =>
        new(name, StepRole.Source, null, ElementKind.Text, required, optional, (s, system) => build(s, system).Select(l => (object)l).MapMaterializedValue(_ => NotUsed.Instance), description);

    private static StepKind Stage(string name, ElementKind input, ElementKind output, string[] required, string[] optional, Func<StepSettings, Flow<object, object, NotUsed>> build, string description) =>
        new(name, StepRole.Stage, input, output, required, optional, (s, _) => build(s), description);

    private static StepKind Sink<TMat>(string name, string[] required, string[] optional, Func<StepSettings, ActorSystem, Sink<object, TMat>> build, string description) where TMat : Task =>
        new(name, StepRole.Sink, ElementKind.Text, null, required, optional, (s, system) => build(s, system).MapMaterializedValue(t => (Task)t), description);
}
