using Actors.Serialization;

namespace Actors.Streams.Serialization;

/// <summary>
/// How one stream-layer message type is written and read; <see cref="Manifest"/> names it on the wire and in the
/// journal. The shape of the core's codecs, with the serializer at hand on both sides: work payloads and actor refs
/// need the actor system's serialization.
/// </summary>
internal sealed record StreamsCodec(Type Type, string Manifest, Action<ProtoWriter, object, StreamsSerializer> Write, Func<ProtoReader, StreamsSerializer, object> Read)
{
    /// <summary>A codec that needs the serializer (payloads, actor refs).</summary>
    public static StreamsCodec Of<T>(string manifest, Action<ProtoWriter, T, StreamsSerializer> write, Func<ProtoReader, StreamsSerializer, T> read) where T : notnull =>
        new(typeof(T), manifest, (w, o, s) => write(w, (T)o, s), (r, s) => read(r, s));

    /// <summary>A codec of plain fields.</summary>
    public static StreamsCodec Of<T>(string manifest, Action<ProtoWriter, T> write, Func<ProtoReader, T> read) where T : notnull =>
        new(typeof(T), manifest, (w, o, _) => write(w, (T)o), (r, _) => read(r));
}
