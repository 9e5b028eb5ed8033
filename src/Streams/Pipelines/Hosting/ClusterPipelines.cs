using Actors.Pipelines;
using Akka.Cluster.Tools.Singleton;
using Akka.Pattern;
using Akka.Hosting;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>
/// Pipelines on a running cluster, as an Akka extension (<c>ClusterPipelines.Get(system)</c>, like <see cref="Broker.Get"/>):
/// on nodes with the <c>actors.streams.pipelines.role</c> (every node by default) it starts the registry singleton's
/// manager and this node's <see cref="PipelineHost"/>; on every node the text steps of <c>workers</c> stages
/// (<see cref="WorkerSteps"/>) and a proxy to the registry, which the gateway
/// forwards <see cref="IPipelineCommand"/>s to. Start it on every node as it joins.
/// </summary>
public sealed class ClusterPipelines : IExtension
{
    public ClusterPipelines(ExtendedActorSystem system)
    {
        Settings = PipelinesSettings.Create(system);
        Broker.Get(system); // topic sources and sinks need it
        var role = Settings.Role;
        var hosts = role is null || Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(role);
        if (hosts)
            // KEY PATTERN: a persistent actor stops when its journal fails; the backoff supervisor starts it
            // again (recovering its records), where a bare singleton would stay gone until the node left.
            system.ActorOf(ClusterSingletonManager.Props(
                BackoffSupervisor.Props(Backoff.OnStop(PipelineRegistry.Props(Settings), "records",
                    TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2, maxNrOfRetries: -1)), PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(role).WithSingletonName("registry")), PipelineCommands.RegistryName);
        Registry = system.ActorOf(ClusterSingletonProxy.Props("/user/" + PipelineCommands.RegistryName,
            ClusterSingletonProxySettings.Create(system).WithRole(role).WithSingletonName("registry")), PipelineCommands.RegistryProxyName);
        Host = hosts ? system.ActorOf(PipelineHost.Props(Settings, Registry), PipelineCommands.HostName) : ActorRefs.Nobody;
        // Every node serves the text steps a pipeline's `workers` stage sends out (on nodes of the role it names).
        WorkerSteps.Serve(system);
    }

    public PipelinesSettings Settings { get; }

    /// <summary>The registry (a proxy to the cluster singleton): tell it <see cref="IPipelineCommand"/>s.</summary>
    public IActorRef Registry { get; }

    /// <summary>This node's host, or <see cref="ActorRefs.Nobody"/> when the node lacks the pipelines role.</summary>
    public IActorRef Host { get; }

    public static ClusterPipelines Get(ActorSystem system) => system.WithExtension<ClusterPipelines, ClusterPipelinesProvider>();
}

/// <summary>Creates the <see cref="ClusterPipelines"/> extension once per actor system.</summary>
public sealed class ClusterPipelinesProvider : ExtensionIdProvider<ClusterPipelines>
{
    public override ClusterPipelines CreateExtension(ExtendedActorSystem system) => new(system);
}

/// <summary>Akka.Hosting entry point of cluster pipelines.</summary>
public static class PipelinesHostingExtensions
{
    /// <summary>Starts <see cref="ClusterPipelines"/> on this node with the actor system, after the broker.</summary>
    public static AkkaConfigurationBuilder AddPipelines(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, _) => ClusterPipelines.Get(system));
}
