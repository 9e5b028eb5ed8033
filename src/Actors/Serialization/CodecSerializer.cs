using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using Akka.Serialization;

namespace Actors.Serialization;

/// <summary>
/// The one serializer style of the Actors assemblies: protobuf through a table of <see cref="Codec{TSerializer}"/>s,
/// one per message type, found by type when writing and by manifest when reading. Schema-tolerant (missing fields
/// read as defaults), so events written by an older version stay readable. <see cref="ActorsSerializer"/> (the core)
/// and Streams' serializer derive from it; each keeps its own id.
/// </summary>
public abstract class CodecSerializer<TSelf> : SerializerWithStringManifest, IFramedSerializer where TSelf : CodecSerializer<TSelf>
{
    private readonly Dictionary<Type, Codec<TSelf>> _byType;
    private readonly Dictionary<string, Codec<TSelf>> _byManifest;

    protected CodecSerializer(ExtendedActorSystem system, IEnumerable<Codec<TSelf>> codecs) : base(system)
    {
        var all = codecs.ToList();
        _byType = all.ToDictionary(c => c.Type);
        _byManifest = all.ToDictionary(c => c.Manifest);
    }

    public override string Manifest(object o) => CodecFor(o).Manifest;

    public override byte[] ToBinary(object obj) => ToBinary(obj, 0);

    public byte[] ToBinary(object obj, int headroom)
    {
        var writer = ProtoWriter.Rent();
        CodecFor(obj).Write(writer, obj, (TSelf)this);
        return writer.ToArrayAndReturn(headroom);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        _byManifest.TryGetValue(manifest, out var codec) ? codec.Read(new ProtoReader(bytes), (TSelf)this) : FromUnknownManifest(bytes, manifest);

    /// <summary>
    /// Reads in place when the bytes are one array's (else from a pooled copy): a reader's results never point into
    /// its buffer (bytes and strings are copied out), so the caller may reuse it once this returns.
    /// </summary>
    public object FromBinary(ReadOnlySequence<byte> bytes, string manifest)
    {
        if (!_byManifest.TryGetValue(manifest, out var codec)) return FromUnknownManifest(bytes.ToArray(), manifest);
        if (bytes.IsSingleSegment && MemoryMarshal.TryGetArray(bytes.First, out var segment))
            return codec.Read(new ProtoReader(segment.Array!, segment.Offset, segment.Count), (TSelf)this);
        var length = checked((int)bytes.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            bytes.CopyTo(rented);
            return codec.Read(new ProtoReader(rented, 0, length), (TSelf)this);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>An actor ref written with <see cref="Codec{TSerializer}.Path"/>, resolved in this actor system.</summary>
    public IActorRef Resolve(string path) => system.Provider.ResolveActorRef(path);

    /// <summary>A manifest no codec here reads: an error unless the serializer knows where it went.</summary>
    protected virtual object FromUnknownManifest(byte[] bytes, string manifest) =>
        throw new SerializationException($"{GetType().Name}: unknown manifest '{manifest}'");

    private Codec<TSelf> CodecFor(object obj) =>
        _byType.TryGetValue(obj.GetType(), out var codec)
            ? codec
            : throw new SerializationException($"{GetType().Name}: no codec for {obj.GetType().FullName}");
}
