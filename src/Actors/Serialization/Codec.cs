namespace Actors.Serialization;

/// <summary>
/// How one wire message type is written and read by the serializer <typeparamref name="TSerializer"/>;
/// <see cref="Manifest"/> names it on the wire and in the journal. Each feature lists its codecs beside its protocol
/// (<c>TopicCodecs</c>, <c>PartitionCodecs</c>, Streams' <c>WorkCodecs</c>, ...); manifests and field numbers are the
/// wire and journal contract: never change or reuse one. The serializer is at hand on both sides for messages that
/// carry actor refs or payloads of other types.
/// </summary>
public sealed record Codec<TSerializer>(Type Type, string Manifest, Action<ProtoWriter, object, TSerializer> Write, Func<ProtoReader, TSerializer, object> Read)
    where TSerializer : CodecSerializer<TSerializer>
{
    /// <summary>A message of plain fields.</summary>
    public static Codec<TSerializer> Of<T>(string manifest, Action<ProtoWriter, T> write, Func<ProtoReader, T> read) where T : notnull =>
        new(typeof(T), manifest, (w, o, _) => write(w, (T)o), (r, _) => read(r));

    /// <summary>A message whose reading needs the serializer (actor refs: <see cref="CodecSerializer{TSelf}.Resolve"/>).</summary>
    public static Codec<TSerializer> Of<T>(string manifest, Action<ProtoWriter, T> write, Func<ProtoReader, TSerializer, T> read) where T : notnull =>
        new(typeof(T), manifest, (w, o, _) => write(w, (T)o), (r, s) => read(r, s));

    /// <summary>A message whose writing and reading need the serializer (payloads of other types).</summary>
    public static Codec<TSerializer> Of<T>(string manifest, Action<ProtoWriter, T, TSerializer> write, Func<ProtoReader, TSerializer, T> read) where T : notnull =>
        new(typeof(T), manifest, (w, o, s) => write(w, (T)o, s), (r, s) => read(r, s));

    /// <summary>An actor ref as it travels: its path with the address, resolved back by <see cref="CodecSerializer{TSelf}.Resolve"/>.</summary>
    public static string Path(IActorRef actor) => Akka.Serialization.Serialization.SerializedActorPath(actor);
}
