using Actors.Gateway;
using Actors.Streams.Pipelines.Hosting;
using Akka.Hosting;

namespace Actors.Nodes.Gateway;

/// <summary>Akka.Hosting entry point of the native gateway.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>
    /// Starts this node's <see cref="NodeGateway"/> under its well-known name, over the broker and the proxy of
    /// the pipeline registry (both extensions, started here if no other feature did), and puts it in the
    /// <see cref="ActorRegistry"/> under <see cref="NodeGateway"/>. Its data links (<see cref="DataLinks"/>) listen
    /// beside it, over TLS with <paramref name="tls"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddGateway(this AkkaConfigurationBuilder builder, Actors.Security.TlsCredentials? tls = null) =>
        builder.WithActors((system, registry) =>
        {
            var links = DataLinks.Start(system, tls);
            var gateway = system.ActorOf(NodeGateway.Props(Broker.Get(system), ClusterPipelines.Get(system).Registry, links), GatewayProtocol.ActorName);
            registry.Register<NodeGateway>(gateway);
        });
}
