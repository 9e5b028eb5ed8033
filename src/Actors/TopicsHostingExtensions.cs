using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;
using Akka.Hosting;

namespace Actors;

/// <summary>Akka.Hosting entry point of the messaging core: the node host composes it (<c>.AddTopics()</c>).</summary>
public static class TopicsHostingExtensions
{
    /// <summary>
    /// Adds the messaging core to a node: the library's <c>reference.conf</c> below the node's own settings, and,
    /// as the actor system starts, the <see cref="Broker"/>: the topic registry singleton and the shard regions of
    /// partitions and group coordinators (hosted on nodes with <c>actors.topics.role</c>, proxied on the others).
    /// Its actors go in the <see cref="ActorRegistry"/> under their types: <see cref="TopicRegistry"/> (the
    /// singleton's proxy), <see cref="PartitionActor"/> and <see cref="GroupCoordinator"/> (the shard regions).
    /// Add it after the cluster join is set up: sharding needs the node to be joining.
    /// </summary>
    public static AkkaConfigurationBuilder AddTopics(this AkkaConfigurationBuilder builder) =>
        builder
            .AddHocon(ActorsSettings.DefaultConfig(), HoconAddMode.Append)
            .WithActors((system, registry) =>
            {
                var broker = Broker.Get(system);
                registry.Register<TopicRegistry>(broker.Registry);
                registry.Register<PartitionActor>(broker.Partitions);
                registry.Register<GroupCoordinator>(broker.Groups);
            });
}
