using Actors.Serialization;
using Actors.Streams.Serialization;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>
/// The protobuf encoding of the pipeline protocol and the registry's journal events. Manifests and field numbers
/// are those the core wrote before the protocol moved here, so events already in a journal read the same; never
/// reuse one.
/// </summary>
internal static class PipelineCodecs
{
    public static readonly IReadOnlyList<StreamsCodec> All =
    [
        // Registry protocol
        StreamsCodec.Of<SubmitPipeline>("psub", (w, m) => w.Str(1, m.Origin).Str(2, m.Text), r => new SubmitPipeline(r.Str(1), r.Str(2))),
        StreamsCodec.Of<PipelineSubmitted>("psubd", (w, m) => w.Str(1, m.Name).Str(2, m.Node), r => new PipelineSubmitted(r.Str(1), r.Str(2))),
        StreamsCodec.Of<PipelineRejected>("prej", (w, m) => w.Str(1, m.Reason), r => new PipelineRejected(r.Str(1))),
        StreamsCodec.Of<StopPipeline>("pstop", (w, m) => w.Str(1, m.Name), r => new StopPipeline(r.Str(1))),
        StreamsCodec.Of<PipelineStopped>("pstopd", (w, m) => w.Str(1, m.Name), r => new PipelineStopped(r.Str(1))),
        StreamsCodec.Of<ListPipelines>("plist", (_, _) => { }, _ => ListPipelines.Instance),
        StreamsCodec.Of<PipelineList>("pl", (w, m) => w.Each(1, m.Pipelines, WriteInfo), r => new PipelineList(r.Each(1).Select(ReadInfo).ToList())),

        // Host protocol
        StreamsCodec.Of<RegisterPipelineHost>("preg", (w, m, _) => w.Str(1, Akka.Serialization.Serialization.SerializedActorPath(m.Host)).Each(2, m.Pipelines, (e, name) => e.Str(1, name)),
            (r, s) => new RegisterPipelineHost(s.Resolve(r.Str(1)), r.Each(2).Select(e => e.Str(1)).ToList())),
        StreamsCodec.Of<RunPipeline>("prun", (w, m) => w.Str(1, m.Name).Str(2, m.Origin).Str(3, m.Text), r => new RunPipeline(r.Str(1), r.Str(2), r.Str(3))),
        StreamsCodec.Of<CancelPipeline>("pcan", (w, m) => w.Str(1, m.Name), r => new CancelPipeline(r.Str(1))),
        StreamsCodec.Of<GetHostedPipelines>("phost", (_, _) => { }, _ => GetHostedPipelines.Instance),
        StreamsCodec.Of<PipelineEnded>("pend", (w, m) => w.Str(1, m.Name).Str(2, m.State), r => new PipelineEnded(r.Str(1), r.Str(2))),

        // Journal events
        StreamsCodec.Of<PipelineRecorded>("prec", (w, m) => w.Str(1, m.Name).Str(2, m.Origin).Str(3, m.Text), r => new PipelineRecorded(r.Str(1), r.Str(2), r.Str(3))),
        StreamsCodec.Of<PipelineRemoved>("prem", (w, m) => w.Str(1, m.Name), r => new PipelineRemoved(r.Str(1))),
        StreamsCodec.Of<PipelineFinished>("pfin", (w, m) => w.Str(1, m.Name).Str(2, m.State), r => new PipelineFinished(r.Str(1), r.Str(2))),
    ];

    // A rate is a double; its IEEE bits travel as a varint, so it comes back exactly.
    private static void WriteInfo(ProtoWriter w, PipelineInfo p) =>
        w.Str(1, p.Name).Str(2, p.Node).I64(3, p.ElementsIn).I64(4, p.ElementsOut).I64(5, BitConverter.DoubleToInt64Bits(p.ElementsPerSecond))
            .Str(6, p.State).I64(7, p.Restarts);

    private static PipelineInfo ReadInfo(ProtoReader r) =>
        new(r.Str(1), r.Str(2), r.I64(3), r.I64(4), BitConverter.Int64BitsToDouble(r.I64(5)), r.Str(6), r.I32(7));
}
