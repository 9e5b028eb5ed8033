using System.Runtime.Serialization;
using Actors.Serialization;
using Akka.Serialization;

namespace Actors.Streams.Distributed;

/// <summary>
/// Protobuf for the stream layer's wire messages (<see cref="IStreamsWireMessage"/>). Work payloads of type
/// string or byte[] are written inline; anything else, and the stream refs, through the serializer Akka binds
/// to their type (serializer id, manifest, bytes), so user types work with whatever serializer they bind.
/// </summary>
public sealed class StreamsSerializer : SerializerWithStringManifest
{
    private const string Open = "wo", Opened = "wod", Item = "wi", Result = "wr", Batch = "wb", Results = "wrs";

    public StreamsSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => 7302;

    public override string Manifest(object o) => o switch
    {
        WorkBatch => Batch,
        WorkResults => Results,
        WorkItem => Item,
        WorkResult => Result,
        OpenWorkSession => Open,
        WorkSessionOpened => Opened,
        _ => throw new SerializationException($"StreamsSerializer: no codec for {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj)
    {
        var w = new ProtoWriter();
        switch (obj)
        {
            case WorkBatch batch:
                w.Each(1, batch.Items, WriteItem);
                break;
            case WorkResults results:
                w.Each(1, results.Results, WriteResult);
                break;
            case WorkItem item:
                WriteItem(w, item);
                break;
            case WorkResult result:
                WriteResult(w, result);
                break;
            case OpenWorkSession open:
                w.Str(1, open.SessionId).Str(2, open.Spec);
                break;
            case WorkSessionOpened opened:
                w.Str(1, opened.SessionId);
                WritePayload(w, 2, opened.Items);
                WritePayload(w, 3, opened.Results);
                break;
            default:
                throw new SerializationException($"StreamsSerializer: no codec for {obj.GetType()}");
        }

        return w.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var r = new ProtoReader(bytes);
        return manifest switch
        {
            Batch => new WorkBatch(r.Each(1).Select(ReadItem).ToList()),
            Results => new WorkResults(r.Each(1).Select(ReadResult).ToList()),
            Item => ReadItem(r),
            Result => ReadResult(r),
            Open => new OpenWorkSession(r.Str(1), r.OptStr(2)),
            Opened => new WorkSessionOpened(r.Str(1), (ISinkRef<WorkBatch>)ReadPayload(r.Msg(2))!, (ISourceRef<WorkResults>)ReadPayload(r.Msg(3))!),
            _ => throw new SerializationException($"StreamsSerializer: unknown manifest '{manifest}'"),
        };
    }

    private void WriteItem(ProtoWriter w, WorkItem item)
    {
        w.I64(1, item.Seq);
        WritePayload(w, 2, item.Payload);
    }

    private void WriteResult(ProtoWriter w, WorkResult result)
    {
        w.I64(1, result.Seq).Str(3, result.Error);
        if (result.Payload is not null) WritePayload(w, 2, result.Payload);
    }

    private WorkItem ReadItem(ProtoReader r) => new(r.I64(1), ReadPayload(r.Msg(2))!);

    private WorkResult ReadResult(ProtoReader r) => new(r.I64(1), r.Blob(2) is null ? null : ReadPayload(r.Msg(2)), r.OptStr(3));

    // Payload: 1 = string, 2 = bytes, 6 = strings (7 = true), or 3 = serializer id, 4 = manifest, 5 = bytes of any other object.
    private void WritePayload(ProtoWriter w, int field, object payload) => w.Msg(field, p =>
    {
        switch (payload)
        {
            case string text:
                p.Str(1, text);
                break;
            case byte[] raw:
                p.Bytes(2, raw);
                break;
            case string[] texts:
                p.Bool(7, true).Each(6, texts, (t, text) => t.Str(1, text));
                break;
            default:
                var serializer = system.Serialization.FindSerializerFor(payload);
                p.I64(3, serializer.Identifier).Str(4, Akka.Serialization.Serialization.ManifestFor(serializer, payload)).Bytes(5, serializer.ToBinary(payload));
                break;
        }
    });

    private object? ReadPayload(ProtoReader p)
    {
        if (p.OptStr(1) is { } text) return text;
        if (p.Blob(2) is { } raw) return raw;
        if (p.Bool(7)) return p.Each(6).Select(t => t.Str(1)).ToArray();
        return system.Serialization.Deserialize(p.Bytes(5), p.I32(3), p.Str(4));
    }
}
