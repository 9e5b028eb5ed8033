using Actors.Consumers;
using Actors.Partitions;
using Actors.Streams.Connectors;
using Actors.Streams.Stages;
using Akka.IO;

namespace Actors.Streams.Pipelines;

/// <summary>
/// The vocabulary of pipeline files: every source, stage and sink a file may name, with its element types
/// and settings. Each builds on the library's own blueprints (connectors, topic stages, operators). When the
/// source is a topic, <see cref="Checkpoint"/> markers flow too: stages pass them on in order (see
/// <see cref="CheckpointFlows"/>) and sinks commit them after writing what came before.
/// </summary>
public static class PipelineCatalog
{
    public static IReadOnlyDictionary<string, StepKind> Kinds { get; } = new[]
    {
        Source("file", ["path"], [], c => FileLines.Frames(c.Settings.String("path")).Select(c.After(Framings.Decoder(LineFraming.Newline))), "the lines of a file"),
        Source("tcp", ["port"], ["host", "framing"], c => TcpLines.Server(c.System, c.Settings.String("host", "127.0.0.1"), c.Settings.Int("port"),
            c.Settings.String("framing", "newline") == "length-prefixed" ? LineFraming.LengthPrefixed : LineFraming.Newline).Select(c.After<string>(l => l)), "lines sent to a TCP port"),
        Source("topic", ["topic"], ["group"], c =>
        {
            var decode = c.After<CommittableMessage>(m => System.Text.Encoding.UTF8.GetString(m.Message.Payload));
            return TopicSource.Committable(c.System, new ConsumerSettings(c.Settings.String("topic"), c.Settings.String("group", "pipeline"), 500, StartFrom.Earliest))
                // KEY PATTERN: messages the stream is not ready for yet batch up (never more than the credit
                // window), and a batch is followed by one marker: a busy pipeline carries few markers, an idle one
                // commits each message as soon as it is through.
                .Batch(MaxMessagesPerCheckpoint, m => new List<CommittableMessage> { m }, (batch, m) =>
                {
                    batch.Add(m);
                    return batch;
                })
                .SelectMany(batch =>
                {
                    var elements = new object[batch.Count + 1];
                    for (var i = 0; i < batch.Count; i++) elements[i] = decode(batch[i]);
                    elements[^1] = new Checkpoint(batch);
                    return elements;
                });
        }, "a topic's messages as text, read by a consumer group; each committed once what came of it has gone through the sink (at-least-once)") with { Checkpoints = true, NeedsCluster = true },

        Stage("split", ElementKind.Text, ElementKind.Text, [], ["separator"], c =>
        {
            var separator = c.Settings.String("separator", " ");
            // A string[] is an IEnumerable<object> as it is (array covariance); no per-line Cast iterator.
            return c.Checkpoints
                ? Flow.Create<object>().SelectMany(l => l is Checkpoint ? [l] : (IEnumerable<object>)((string)l).Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                : Flow.Create<object>().SelectMany(l => (IEnumerable<object>)((string)l).Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }, "each line into its words"),
        Map("lowercase", ElementKind.Text, ElementKind.Text, [], [], _ => l => ((string)l).ToLowerInvariant(), "lower-cases text"),
        Stage("filter", ElementKind.Text, ElementKind.Text, ["contains"], [], c =>
        {
            var needle = c.Settings.String("contains");
            return Flow.Create<object>().Where(l => l is Checkpoint || ((string)l).Contains(needle, StringComparison.Ordinal));
        }, "keeps text containing a string"),
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

        Sink("stdout", [], [], c =>
        {
            var line = c.Before<string>(l => l);
            return Akka.Streams.Dsl.Sink.ForEach<object>(e =>
            {
                if (e is Checkpoint checkpoint) checkpoint.Commit();
                else Console.WriteLine(line(e));
            });
        }, "prints each line"),
        Sink("file", ["path"], [], c =>
        {
            // Marks commit once the lines before them are with the file writer (it writes each chunk as it comes).
            var frames = (c.Checkpoints ? CheckpointFlows.CommitHere() : Flow.Create<object>()).Select(c.Before(Framings.NewlineFrame));
            return frames.ToMaterialized(FileIO.ToFile(new FileInfo(c.Settings.String("path"))), Keep.Right);
        }, "writes lines to a file"),
        Sink("topic", ["topic"], [], c =>
        {
            var topic = c.Settings.String("topic");
            var message = c.Before(l => new ProducerMessage(System.Text.Encoding.UTF8.GetBytes(l), FirstWord(l)));
            return c.Checkpoints
                ? TopicSink.PassThrough<object>(c.System, topic, e => e is Checkpoint ? null : message(e), parallelism: 2 * 64)
                    .ToMaterialized(Akka.Streams.Dsl.Sink.ForEach<object>(e => (e as Checkpoint)?.Commit()), Keep.Right)
                : Flow.Create<object>().Select(message).ToMaterialized(TopicSink.Create(c.System, topic), Keep.Right);
        }, "publishes lines (keyed by their first word)") with { NeedsCluster = true },
    }.ToDictionary(k => $"{k.Role}:{k.Name}");

    /// <summary>The most messages one checkpoint commits (fewer when the stream keeps up with the source).</summary>
    private const int MaxMessagesPerCheckpoint = 64;

    private static string FirstWord(string line) => line.IndexOf(' ') is var space and >= 0 ? line[..space] : line;

    private static IEnumerable<object> CountAll(IEnumerable<object> texts)
    {
        var counts = new Dictionary<string, long>();
        foreach (var text in texts) Increment(counts, (string)text);
        return Results(counts);
    }

    private static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static IEnumerable<object> Results(Dictionary<string, long> counts) => counts.Select(c => (object)new KeyCount(c.Key, c.Value));

    private static StepKind Source<TMat>(string name, string[] required, string[] optional, Func<StepContext, Source<object, TMat>> build, string description) =>
        new(name, StepRole.Source, null, ElementKind.Text, required, optional, c => build(c).MapMaterializedValue(_ => NotUsed.Instance), description);

    private static StepKind Stage(string name, ElementKind input, ElementKind output, string[] required, string[] optional, Func<StepContext, Flow<object, object, NotUsed>> build, string description) =>
        new(name, StepRole.Stage, input, output, required, optional, build, description);

    /// <summary>A one-to-one stage: the builder fuses it with its neighbours (see <see cref="StepKind.Map"/>).</summary>
    private static StepKind Map(string name, ElementKind input, ElementKind output, string[] required, string[] optional, Func<StepSettings, Func<object, object>> map, string description) =>
        new(name, StepRole.Stage, input, output, required, optional, c => CheckpointFlows.Select(c.Checkpoints, map(c.Settings)), description) { Map = map };

    private static StepKind Sink<TMat>(string name, string[] required, string[] optional, Func<StepContext, Sink<object, TMat>> build, string description) where TMat : Task =>
        new(name, StepRole.Sink, ElementKind.Text, null, required, optional, c => build(c).MapMaterializedValue(t => (Task)t), description);
}
