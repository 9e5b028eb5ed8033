using Actors.Serialization;
using Akka.Actor;

namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// Protobuf for the Kafka group protocol between nodes and in the journal (<see cref="IKafkaGroupsWireMessage"/>),
/// one codec per message in <see cref="KafkaGroupCodecs"/>. A serializer of its own (not the core's), because the
/// core library does not know this one's types.
/// </summary>
public sealed class KafkaGroupsSerializer : CodecSerializer<KafkaGroupsSerializer>
{
    /// <summary>The serializer id in every message and journal event it writes; never change it.</summary>
    public const int Id = 7303;

    public KafkaGroupsSerializer(ExtendedActorSystem system) : base(system, KafkaGroupCodecs.All)
    {
    }

    public override int Identifier => Id;

    /// <summary>Every manifest in use.</summary>
    public static IEnumerable<string> Manifests => KafkaGroupCodecs.All.Select(c => c.Manifest);

    /// <summary>
    /// Binds the group messages to this serializer on a system started without <see cref="KafkaGroupsSettings.DefaultConfig"/>;
    /// a no-op where the configuration binds it (as it should on every node, before any group message arrives).
    /// </summary>
    internal static void EnsureBound(ActorSystem system)
    {
        if (system.Serialization.FindSerializerForType(typeof(IKafkaGroupsWireMessage)) is KafkaGroupsSerializer) return;
        var serializer = new KafkaGroupsSerializer((ExtendedActorSystem)system);
        system.Serialization.AddSerializer("actors-kafka-groups", serializer);
        system.Serialization.AddSerializationMap(typeof(IKafkaGroupsWireMessage), serializer);
    }
}
