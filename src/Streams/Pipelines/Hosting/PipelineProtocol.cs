using Actors.Serialization;

namespace Actors.Pipelines;

/// <summary>A request for the cluster's pipeline registry; a node's gateway forwards these to <see cref="PipelineCommands.RegistryProxyName"/>.</summary>
public interface IPipelineCommand : IActorsWireMessage;

/// <summary>
/// The wire protocol of pipelines that run on a cluster (<c>actors run FILE --seed</c>, <c>actors pipelines</c>):
/// clients talk to the registry singleton, the registry to each node's host. The pipelines themselves live in
/// Actors.Streams; this library only carries their text, their counts and the registry's journal events.
/// </summary>
public static class PipelineCommands
{
    /// <summary>Every node's pipeline host, under <c>/user</c>.</summary>
    public const string HostName = "pipeline-host";

    /// <summary>The registry singleton's manager, under <c>/user</c> on nodes that may run pipelines.</summary>
    public const string RegistryName = "pipeline-registry";

    /// <summary>The proxy to the registry singleton, under <c>/user</c> on every node.</summary>
    public const string RegistryProxyName = "pipeline-registry-proxy";
}

/// <summary>
/// Runs a pipeline file's text on the cluster. The registry checks it (a bad file is a <see cref="PipelineRejected"/>
/// with the one-line <c>FILE:LINE</c> error), refuses a name that is already registered, records it and gives it
/// to a node. <paramref name="Origin"/> is the file name as the user wrote it, for error messages.
/// </summary>
public sealed record SubmitPipeline(string Origin, string Text) : IPipelineCommand;

/// <summary>The pipeline is recorded; <paramref name="Node"/> is the address it was given to ("" while no node can take it).</summary>
public sealed record PipelineSubmitted(string Name, string Node) : IActorsWireMessage;

/// <summary>The registry did not do what was asked; <paramref name="Reason"/> is one line.</summary>
public sealed record PipelineRejected(string Reason) : IActorsWireMessage;

/// <summary>Stops a pipeline wherever it runs and forgets it; the answer is <see cref="PipelineStopped"/> or <see cref="PipelineRejected"/>.</summary>
public sealed record StopPipeline(string Name) : IPipelineCommand;

public sealed record PipelineStopped(string Name) : IActorsWireMessage;

/// <summary>Asks for every registered pipeline; the answer is a <see cref="PipelineList"/>.</summary>
public sealed record ListPipelines : IPipelineCommand
{
    public static ListPipelines Instance { get; } = new();

    private ListPipelines()
    {
    }
}

/// <summary>
/// One pipeline: the node running it, elements that left its source and reached its sink (-1 when they cannot be
/// counted), elements per second out of the source over the last second, and its state: running, restarting
/// (with the last failure), completed, failed: reason, starting (given to a node that has not reported it yet),
/// or pending (no node has it yet).
/// </summary>
public sealed record PipelineInfo(string Name, string Node, long ElementsIn, long ElementsOut, double ElementsPerSecond, string State, int Restarts);

public sealed record PipelineList(IReadOnlyList<PipelineInfo> Pipelines) : IActorsWireMessage;

/// <summary>A host tells the registry it is there and which pipelines it has, at start and then periodically (the registry may move).</summary>
public sealed record RegisterPipelineHost(IActorRef Host, IReadOnlyList<string> Pipelines) : IActorsWireMessage;

/// <summary>The registry gives a pipeline to a host, which runs it (replacing one of the same name).</summary>
public sealed record RunPipeline(string Name, string Origin, string Text) : IActorsWireMessage;

/// <summary>The registry takes a pipeline away from a host, which stops and forgets it.</summary>
public sealed record CancelPipeline(string Name) : IActorsWireMessage;

/// <summary>Asks a host for its pipelines; the answer is a <see cref="PipelineList"/>.</summary>
public sealed record GetHostedPipelines : IActorsWireMessage
{
    public static GetHostedPipelines Instance { get; } = new();

    private GetHostedPipelines()
    {
    }
}

/// <summary>A host tells the registry that a pipeline ended for good (completed, or failed with no restart left).</summary>
public sealed record PipelineEnded(string Name, string State) : IActorsWireMessage;

/// <summary>Journal event of the registry: a pipeline was submitted.</summary>
public sealed record PipelineRecorded(string Name, string Origin, string Text) : IActorsWireMessage;

/// <summary>Journal event of the registry: a pipeline was stopped.</summary>
public sealed record PipelineRemoved(string Name) : IActorsWireMessage;

/// <summary>Journal event of the registry: a pipeline ended for good and is not to be started again elsewhere.</summary>
public sealed record PipelineFinished(string Name, string State) : IActorsWireMessage;
