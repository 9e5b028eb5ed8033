using Akka.Hosting;

namespace Actors.Routing;

/// <summary>Akka.Hosting entry point of routing: starts the node's routee registry with the actor system.</summary>
public static class RoutingHostingExtensions
{
    /// <summary>
    /// Starts <see cref="Routes"/> on this node, so its registry exchanges routee lists with the other nodes
    /// from the start, and puts the registry in the <see cref="ActorRegistry"/> under <see cref="RouteeRegistry"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddRouting(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry) => registry.Register<RouteeRegistry>(Routes.Get(system).Registry));
}
