using Actors.Serialization;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>Marks the Kafka edge's messages between nodes; bound to <see cref="KafkaEdgeSerializer"/>.</summary>
public interface IKafkaEdgeWireMessage;

/// <summary>Asks a node's <see cref="KafkaClusterWatcher"/> where its Kafka listener is; answered with <see cref="KafkaEndpoint"/>.</summary>
public sealed class GetKafkaEndpoint : IKafkaEdgeWireMessage
{
    public static GetKafkaEndpoint Instance { get; } = new();

    private GetKafkaEndpoint()
    {
    }
}

/// <summary>Where clients reach a node's Kafka listener (its advertised host and port).</summary>
public sealed record KafkaEndpoint(string Host, int Port) : IKafkaEdgeWireMessage;

/// <summary>
/// Protobuf for the Kafka edge's few wire messages, in the one serializer style of the Actors assemblies. Its own
/// id, so the core's serializer need not know about the edge.
/// </summary>
public sealed class KafkaEdgeSerializer(ExtendedActorSystem system) : CodecSerializer<KafkaEdgeSerializer>(system, Codecs)
{
    /// <summary>The serializer id in every message it writes; never change it.</summary>
    public const int Id = 7303;

    private static readonly IReadOnlyList<Codec<KafkaEdgeSerializer>> Codecs =
    [
        Codec<KafkaEdgeSerializer>.Of<GetKafkaEndpoint>("kgep", (_, _) => { }, _ => GetKafkaEndpoint.Instance),
        Codec<KafkaEdgeSerializer>.Of<KafkaEndpoint>("kep", (w, m) => w.Str(1, m.Host).I64(2, m.Port), r => new KafkaEndpoint(r.Str(1), r.I32(2))),
    ];

    public override int Identifier => Id;
}
