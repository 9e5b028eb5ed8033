using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;

namespace Actors.Kafka.Edge;

/// <summary>Akka.Hosting entry point of the Kafka edge: the node host composes it (<c>.AddKafkaEdge()</c>) after <c>AddTopics()</c>.</summary>
public static class KafkaEdgeHostingExtensions
{
    private static readonly Lazy<Config> Reference = new(() =>
        EmbeddedConfig.Load(typeof(KafkaEdge).Assembly, "Actors.Kafka.reference.conf").WithFallback(Groups.KafkaGroupsSettings.DefaultConfig()));

    /// <summary>The library defaults: <c>actors.edge.kafka</c> with its consumer groups, and the serializer bindings of both.</summary>
    public static Config DefaultConfig() => Reference.Value;

    /// <summary>
    /// Adds the edge's defaults below the node's settings and, as the actor system starts, the Kafka listener when
    /// <c>actors.edge.kafka.enabled</c> (<see cref="KafkaEdge.Start"/>); it closes as coordinated shutdown unbinds
    /// services. The running edge is at <see cref="KafkaEdges"/>.
    /// </summary>
    /// <param name="builder">The node's builder.</param>
    /// <param name="tls">The node's certificate and CA, for an SSL or SASL_SSL listener (<c>actors.edge.kafka.security-protocol</c>).</param>
    public static AkkaConfigurationBuilder AddKafkaEdge(this AkkaConfigurationBuilder builder, Server.KafkaTls? tls = null) =>
        builder
            .AddHocon(DefaultConfig(), HoconAddMode.Append)
            .WithActors((system, _) =>
            {
                var settings = KafkaEdgeSettings.Create(system.Settings.Config);
                // Groups start on every node, listener or not: each node's gateway lists them (`actors groups`).
                Groups.KafkaGroups.Get(system);
                if (!settings.Enabled) return;
                var edge = KafkaEdge.Start(system, settings, tls);
                KafkaEdges.Get(system).Current = edge;
                CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "kafka-edge", async () =>
                {
                    await edge.DisposeAsync();
                    return Akka.Done.Instance;
                });
            });
}

/// <summary>The node's running Kafka edge, if any (an Akka extension, so the host can name its port in the start line).</summary>
public sealed class KafkaEdges : IExtension
{
    public KafkaEdge? Current { get; internal set; }

    public static KafkaEdges Get(ActorSystem system) => system.WithExtension<KafkaEdges, KafkaEdgesProvider>();
}

/// <summary>Creates the <see cref="KafkaEdges"/> extension once per actor system.</summary>
public sealed class KafkaEdgesProvider : ExtensionIdProvider<KafkaEdges>
{
    public override KafkaEdges CreateExtension(ExtendedActorSystem system) => new();
}
