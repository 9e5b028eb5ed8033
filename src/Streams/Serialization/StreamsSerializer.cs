using Actors.Serialization;
using Actors.Streams.Distributed;
using Actors.Streams.Pipelines.Hosting;

namespace Actors.Streams.Serialization;

/// <summary>
/// Protobuf for the stream layer's wire messages and journal events (<see cref="IStreamsWireMessage"/>), one
/// codec each, kept beside the protocol it encodes (<see cref="WorkCodecs"/>, <see cref="PipelineCodecs"/>). Work payloads of type string or byte[] are written inline;
/// anything else, and the stream refs, through the serializer Akka binds to their type (serializer id, manifest,
/// bytes), so user types work with whatever serializer they bind.
/// </summary>
public sealed class StreamsSerializer : CodecSerializer<StreamsSerializer>
{
    /// <summary>The serializer id in every message and journal event it writes; never change it.</summary>
    public const int Id = 7302;

    public StreamsSerializer(ExtendedActorSystem system) : base(system, [.. WorkCodecs.All, .. PipelineCodecs.All])
    {
    }

    public override int Identifier => Id;

    /// <summary>
    /// Binds the stream layer's messages to this serializer on a system made without this library's configuration
    /// (a <c>GatewayClient</c>'s, which sends pipeline commands and reads their answers); a no-op where it is bound.
    /// </summary>
    internal static void EnsureBound(ActorSystem system)
    {
        if (system.Serialization.FindSerializerForType(typeof(IStreamsWireMessage)) is StreamsSerializer) return;
        var serializer = new StreamsSerializer((ExtendedActorSystem)system);
        system.Serialization.AddSerializer("actors-streams", serializer);
        system.Serialization.AddSerializationMap(typeof(IStreamsWireMessage), serializer);
    }

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
}
