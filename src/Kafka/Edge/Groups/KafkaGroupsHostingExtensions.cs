using Akka.Actor;
using Akka.Hosting;

namespace Actors.Kafka.Edge.Groups;

/// <summary>How a node starts its Kafka consumer groups.</summary>
public static class KafkaGroupsHostingExtensions
{
    /// <summary>
    /// Adds Kafka consumer groups to a node built with Akka.Hosting: the defaults of <c>actors.edge.kafka.groups</c>
    /// (and the serializer binding) below the node's settings, and the shard regions as the system starts, registered
    /// under <see cref="KafkaGroupActor"/> and <see cref="KafkaGroupRegistry"/>. Add it after <c>AddTopics()</c>.
    /// </summary>
    public static AkkaConfigurationBuilder AddKafkaGroups(this AkkaConfigurationBuilder builder) =>
        builder
            .AddHocon(KafkaGroupsSettings.DefaultConfig(), HoconAddMode.Append)
            .WithActors((system, registry) =>
            {
                var groups = KafkaGroups.Get(system);
                registry.Register<KafkaGroupActor>(groups.Groups);
                registry.Register<KafkaGroupRegistry>(groups.Registry);
            });

    /// <summary>Starts the shard regions on a node not built with Akka.Hosting (specs); the configuration should include <see cref="KafkaGroupsSettings.DefaultConfig"/>.</summary>
    public static KafkaGroups StartKafkaGroups(this ActorSystem system) => KafkaGroups.Get(system);
}
