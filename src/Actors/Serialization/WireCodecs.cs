using Actors.Consumers;
using Actors.Partitions;
using Actors.Pipelines;
using Actors.Routing;
using Actors.Topics;

namespace Actors.Serialization;

/// <summary>
/// The codecs that do not sit beside a protocol of the core yet: the gateway's (whose protocol lives in
/// <c>Gateway/</c>) and the pipelines'. Every feature's own codecs are in its folder; the serializer joins them.
/// </summary>
internal static class WireCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        // Gateway
        Codec.Of<Gateway.OpenConsumer>("oc", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).I64(3, m.Prefetch).I64(4, (long)m.StartFrom.Kind)
                .I64(5, m.StartFrom.Value).Str(6, Path(m.Target)),
            (r, s) => new Gateway.OpenConsumer(new TopicName(r.Str(1)), new GroupName(r.Str(2)), r.I32(3), new StartFrom((StartKind)r.I64(4), r.I64(5)), s.Resolve(r.Str(6)))),
        Codec.Of<Gateway.ConsumerOpened>("co", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Str(3, Path(m.Member)),
            (r, s) => new Gateway.ConsumerOpened(new TopicName(r.Str(1)), new GroupName(r.Str(2)), s.Resolve(r.Str(3)))),

        // Pipelines
        Codec.Of<SubmitPipeline>("psub", (w, m) => w.Str(1, m.Origin).Str(2, m.Text), (r, _) => new SubmitPipeline(r.Str(1), r.Str(2))),
        Codec.Of<PipelineSubmitted>("psubd", (w, m) => w.Str(1, m.Name).Str(2, m.Node), (r, _) => new PipelineSubmitted(r.Str(1), r.Str(2))),
        Codec.Of<PipelineRejected>("prej", (w, m) => w.Str(1, m.Reason), (r, _) => new PipelineRejected(r.Str(1))),
        Codec.Of<StopPipeline>("pstop", (w, m) => w.Str(1, m.Name), (r, _) => new StopPipeline(r.Str(1))),
        Codec.Of<PipelineStopped>("pstopd", (w, m) => w.Str(1, m.Name), (r, _) => new PipelineStopped(r.Str(1))),
        Codec.Of<ListPipelines>("plist", (_, _) => { }, (_, _) => ListPipelines.Instance),
        Codec.Of<PipelineList>("pl", (w, m) => w.Each(1, m.Pipelines, WritePipelineInfo), (r, _) => new PipelineList(r.Each(1).Select(ReadPipelineInfo).ToList())),
        Codec.Of<RegisterPipelineHost>("preg", (w, m) => w.Str(1, Path(m.Host)).Each(2, m.Pipelines, (e, name) => e.Str(1, name)),
            (r, s) => new RegisterPipelineHost(s.Resolve(r.Str(1)), r.Each(2).Select(e => e.Str(1)).ToList())),
        Codec.Of<RunPipeline>("prun", (w, m) => w.Str(1, m.Name).Str(2, m.Origin).Str(3, m.Text), (r, _) => new RunPipeline(r.Str(1), r.Str(2), r.Str(3))),
        Codec.Of<CancelPipeline>("pcan", (w, m) => w.Str(1, m.Name), (r, _) => new CancelPipeline(r.Str(1))),
        Codec.Of<GetHostedPipelines>("phost", (_, _) => { }, (_, _) => GetHostedPipelines.Instance),
        Codec.Of<PipelineEnded>("pend", (w, m) => w.Str(1, m.Name).Str(2, m.State), (r, _) => new PipelineEnded(r.Str(1), r.Str(2))),
        Codec.Of<PipelineRecorded>("prec", (w, m) => w.Str(1, m.Name).Str(2, m.Origin).Str(3, m.Text), (r, _) => new PipelineRecorded(r.Str(1), r.Str(2), r.Str(3))),
        Codec.Of<PipelineRemoved>("prem", (w, m) => w.Str(1, m.Name), (r, _) => new PipelineRemoved(r.Str(1))),
        Codec.Of<PipelineFinished>("pfin", (w, m) => w.Str(1, m.Name).Str(2, m.State), (r, _) => new PipelineFinished(r.Str(1), r.Str(2))),
    ];

    // A rate is a double; its IEEE bits travel as a varint, so it comes back exactly.
    private static void WritePipelineInfo(ProtoWriter w, PipelineInfo p) =>
        w.Str(1, p.Name).Str(2, p.Node).I64(3, p.ElementsIn).I64(4, p.ElementsOut).I64(5, BitConverter.DoubleToInt64Bits(p.ElementsPerSecond))
            .Str(6, p.State).I64(7, p.Restarts);

    private static PipelineInfo ReadPipelineInfo(ProtoReader r) =>
        new(r.Str(1), r.Str(2), r.I64(3), r.I64(4), BitConverter.Int64BitsToDouble(r.I64(5)), r.Str(6), r.I32(7));

    private static string Path(IActorRef actor) => Akka.Serialization.Serialization.SerializedActorPath(actor);
}
