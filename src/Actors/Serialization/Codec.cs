namespace Actors.Serialization;

/// <summary>
/// How one wire message type is written and read; <see cref="Manifest"/> names it on the wire. Each feature
/// lists its codecs beside its protocol (<c>TopicCodecs</c>, <c>PartitionCodecs</c>, ...); manifests and field
/// numbers are the wire and journal contract: never change or reuse one.
/// </summary>
internal sealed record Codec(Type Type, string Manifest, Action<ProtoWriter, object> Write, Func<ProtoReader, ActorsSerializer, object> Read)
{
    public static Codec Of<T>(string manifest, Action<ProtoWriter, T> write, Func<ProtoReader, ActorsSerializer, T> read) where T : notnull =>
        new(typeof(T), manifest, (w, o) => write(w, (T)o), (r, s) => read(r, s));

    /// <summary>An actor ref as it travels: its path with the address, resolved back by <see cref="ActorsSerializer.Resolve"/>.</summary>
    public static string Path(IActorRef actor) => Akka.Serialization.Serialization.SerializedActorPath(actor);
}
