using Actors.Consumers;
using Actors.Partitions;
using Actors.Streams.Connectors;
using Actors.Streams.Stages;
using Actors.Topics;
using static Actors.Streams.Pipelines.PipelineCatalog;

namespace Actors.Streams.Pipelines;

/// <summary>The sources a pipeline file may name (<c>source { type = file, path = ... }</c>): each gives text.</summary>
internal static class SourceSteps
{
    public static IReadOnlyList<StepType> All { get; } =
    [
        Source("file", ["path"], [], c => FileLines.Frames(ReadPath(c.Settings, c.Sandbox)).Select(c.After(Framings.Decoder(LineFraming.Newline))), "the lines of a file")
            with { Guard = (s, sandbox) => ReadPath(s, sandbox) },
        Source("tcp", ["port"], ["host", "framing"], c => TcpLines.Server(c.System, c.Settings.String("host", "127.0.0.1"), ListenPort(c.Settings, c.Sandbox),
            c.Settings.String("framing", "newline") == "length-prefixed" ? LineFraming.LengthPrefixed : LineFraming.Newline).Select(c.After<string>(l => l)), "lines sent to a TCP port")
            with { Guard = (s, sandbox) => ListenPort(s, sandbox) },
        Source("topic", ["topic"], ["group"], Topic,
            "a topic's messages as text, read by a consumer group; each committed once what came of it has gone through the sink (at-least-once)") with { Checkpoints = true, NeedsCluster = true },
    ];

    private static string ReadPath(StepSettings settings, PipelineSandbox sandbox) => sandbox.File(settings, "path", "source 'file'", "read");

    private static int ListenPort(StepSettings settings, PipelineSandbox sandbox) => sandbox.Port(settings, "port", "source 'tcp'");

    private static Source<object, NotUsed> Topic(StepContext c)
    {
        var decode = c.After<CommittableMessage>(m => System.Text.Encoding.UTF8.GetString(m.Message.Payload));
        return TopicSource.Committable(c.System, new ConsumerSettings(new TopicName(c.Settings.String("topic")), new GroupName(c.Settings.String("group", "pipeline")), c.Defaults.TopicPrefetch, StartFrom.Earliest))
            // KEY PATTERN: messages the stream is not ready for yet batch up (never more than the credit
            // window), and a batch is followed by one marker: a busy pipeline carries few markers, an idle one
            // commits each message as soon as it is through.
            .Batch(c.Defaults.MaxMessagesPerCheckpoint, m => new List<CommittableMessage> { m }, (batch, m) =>
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
    }
}
