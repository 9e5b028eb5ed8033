using Actors.Serialization;
using Actors.Streams.Serialization;

namespace Actors.Streams.Distributed;

/// <summary>
/// The protobuf encoding of the distributed-work protocol (<see cref="OpenWorkSession"/> and the rest): a short
/// manifest, how to write it and how to read it back. Field numbers are the wire contract; never reuse one.
/// </summary>
internal static class WorkCodecs
{
    public static readonly IReadOnlyList<StreamsCodec> All =
    [
        StreamsCodec.Of<OpenWorkSession>("wo", (w, m) => w.Str(1, m.SessionId).Str(2, m.Spec), r => new OpenWorkSession(r.Str(1), r.OptStr(2))),
        StreamsCodec.Of<WorkSessionOpened>("wod", (w, m, s) =>
            {
                w.Str(1, m.SessionId);
                s.WritePayload(w, 2, m.Items);
                s.WritePayload(w, 3, m.Results);
            },
            (r, s) => new WorkSessionOpened(r.Str(1), (ISinkRef<WorkBatch>)s.ReadPayload(r.Msg(2))!, (ISourceRef<WorkResults>)s.ReadPayload(r.Msg(3))!)),
        StreamsCodec.Of<WorkItem>("wi", WriteItem, ReadItem),
        StreamsCodec.Of<WorkResult>("wr", WriteResult, ReadResult),
        StreamsCodec.Of<WorkBatch>("wb", (w, m, s) => w.Each(1, m.Items, (e, item) => WriteItem(e, item, s)),
            (r, s) => new WorkBatch(r.Each(1).Select(e => ReadItem(e, s)).ToList())),
        StreamsCodec.Of<WorkResults>("wrs", (w, m, s) => w.Each(1, m.Results, (e, result) => WriteResult(e, result, s)),
            (r, s) => new WorkResults(r.Each(1).Select(e => ReadResult(e, s)).ToList())),
    ];

    private static void WriteItem(ProtoWriter w, WorkItem item, StreamsSerializer s)
    {
        w.I64(1, item.Seq);
        s.WritePayload(w, 2, item.Payload);
    }

    private static WorkItem ReadItem(ProtoReader r, StreamsSerializer s) => new(r.I64(1), s.ReadPayload(r.Msg(2))!);

    private static void WriteResult(ProtoWriter w, WorkResult result, StreamsSerializer s)
    {
        w.I64(1, result.Seq).Str(3, result.Error);
        if (result.Payload is not null) s.WritePayload(w, 2, result.Payload);
    }

    private static WorkResult ReadResult(ProtoReader r, StreamsSerializer s) =>
        new(r.I64(1), r.Blob(2) is null ? null : s.ReadPayload(r.Msg(2)), r.OptStr(3));
}
