using Actors.Streams.Stages;
using Actors.Topics;
using static Actors.Streams.Pipelines.PipelineCatalog;

namespace Actors.Streams.Pipelines;

/// <summary>
/// The sinks a pipeline file may name (<c>sink { type = stdout }</c>): each takes text and commits the
/// <see cref="Checkpoint"/> markers of a topic source once what came before them is written.
/// </summary>
internal static class SinkSteps
{
    public static IReadOnlyList<StepType> All { get; } =
    [
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
            var frames = (c.Checkpoints ? CheckpointFlows.CommitHere() : Flow.Create<object>()).Select(c.Before(Connectors.Framings.NewlineFrame));
            return frames.ToMaterialized(FileIO.ToFile(new FileInfo(WritePath(c.Settings, c.Sandbox))), Keep.Right);
        }, "writes lines to a file") with { Guard = (s, sandbox) => WritePath(s, sandbox) },
        Sink("topic", ["topic"], [], c =>
        {
            var topic = c.Settings.String("topic");
            var message = c.Before(l => new ProducerMessage(System.Text.Encoding.UTF8.GetBytes(l), FirstWord(l)));
            var settings = TopicSinkSettings.Create(c.System);
            // Markers wait their turn among the publishes, so they get slots of their own.
            return c.Checkpoints
                ? TopicSink.PassThrough<object>(c.System, new TopicName(topic), e => e is Checkpoint ? null : message(e), settings.WithParallelism(2 * settings.Parallelism))
                    .ToMaterialized(Akka.Streams.Dsl.Sink.ForEach<object>(e => (e as Checkpoint)?.Commit()), Keep.Right)
                : Flow.Create<object>().Select(message).ToMaterialized(TopicSink.Create(c.System, new TopicName(topic), settings), Keep.Right);
        }, "publishes lines (keyed by their first word)") with { NeedsCluster = true },
    ];

    private static string WritePath(StepSettings settings, PipelineSandbox sandbox) => sandbox.File(settings, "path", "sink 'file'", "write");

    private static string FirstWord(string line) => line.IndexOf(' ') is var space and >= 0 ? line[..space] : line;
}
