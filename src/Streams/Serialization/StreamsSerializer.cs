using System.Runtime.Serialization;
using Actors.Serialization;
using Actors.Streams.Distributed;
using Actors.Streams.Pipelines.Hosting;
using Akka.Serialization;

namespace Actors.Streams.Serialization;

/// <summary>
/// Protobuf for the stream layer's wire messages and journal events (<see cref="IStreamsWireMessage"/>), one
/// codec each, kept beside the protocol it encodes (<see cref="WorkCodecs"/>, <see cref="PipelineCodecs"/>). Work payloads of type string or byte[] are written inline;
/// anything else, and the stream refs, through the serializer Akka binds to their type (serializer id, manifest,
/// bytes), so user types work with whatever serializer they bind.
/// </summary>
public sealed class StreamsSerializer : SerializerWithStringManifest
{
    private static readonly IReadOnlyList<StreamsCodec> All = [.. WorkCodecs.All, .. PipelineCodecs.All];
    private static readonly Dictionary<Type, StreamsCodec> ByType = All.ToDictionary(c => c.Type);
    private static readonly Dictionary<string, StreamsCodec> ByManifest = All.ToDictionary(c => c.Manifest);

    /// <summary>The serializer id in every message and journal event it writes; never change it.</summary>
    public const int Id = 7302;

    public StreamsSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    /// <summary>
    /// Binds the stream layer's messages to this serializer on a system made without this library's configuration
    /// (a <c>GatewayClient</c>'s, which sends pipeline commands and reads their answers); a no-op where it is bound.
    /// </summary>
    internal static bool EnsureBound(ActorSystem system)
    {
        if (system.Serialization.FindSerializerForType(typeof(IStreamsWireMessage)) is StreamsSerializer) return true;
        var serializer = new StreamsSerializer((ExtendedActorSystem)system);
        system.Serialization.AddSerializer("actors-streams", serializer);
        system.Serialization.AddSerializationMap(typeof(IStreamsWireMessage), serializer);
        return true;
    }

    public override string Manifest(object o) => CodecFor(o).Manifest;

    public override byte[] ToBinary(object obj)
    {
        var writer = new ProtoWriter();
        CodecFor(obj).Write(writer, obj, this);
        return writer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        ByManifest.TryGetValue(manifest, out var codec)
            ? codec.Read(new ProtoReader(bytes), this)
            : throw new SerializationException($"StreamsSerializer: unknown manifest '{manifest}'");

    internal IActorRef Resolve(string path) => system.Provider.ResolveActorRef(path);

    // Payload: 1 = string, 2 = bytes, 6 = strings (7 = true), or 3 = serializer id, 4 = manifest, 5 = bytes of any other object.
    internal void WritePayload(ProtoWriter w, int field, object payload) => w.Msg(field, p =>
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

    internal object? ReadPayload(ProtoReader p)
    {
        if (p.OptStr(1) is { } text) return text;
        if (p.Blob(2) is { } raw) return raw;
        if (p.Bool(7)) return p.Each(6).Select(t => t.Str(1)).ToArray();
        return system.Serialization.Deserialize(p.Bytes(5), p.I32(3), p.Str(4));
    }

    private static StreamsCodec CodecFor(object obj) =>
        ByType.TryGetValue(obj.GetType(), out var codec)
            ? codec
            : throw new SerializationException($"StreamsSerializer: no codec for {obj.GetType().FullName}");
}
