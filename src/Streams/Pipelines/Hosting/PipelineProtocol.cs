using Actors.Streams.Serialization;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>
/// A request for the cluster's pipeline registry (<c>actors run FILE --seed</c>, <c>actors pipelines</c>); tell it
/// to <see cref="ClusterPipelines.Registry"/>, which a node's gateway forwards these to.
/// </summary>
public interface IPipelineCommand : IStreamsWireMessage;

/// <summary>
/// Runs a pipeline file's text on the cluster. The registry checks it (a bad file is a <see cref="PipelineRejected"/>
/// with the one-line <c>FILE:LINE</c> error), refuses a name that is already registered, records it and gives it
/// to a node. <paramref name="Origin"/> is the file name as the user wrote it, for error messages.
/// </summary>
public sealed record SubmitPipeline(string Origin, string Text) : IPipelineCommand;

/// <summary>The pipeline is recorded; <paramref name="Node"/> is the address it was given to ("" while no node can take it).</summary>
public sealed record PipelineSubmitted(string Name, string Node) : IStreamsWireMessage;

/// <summary>The registry did not do what was asked; <paramref name="Reason"/> is one line.</summary>
public sealed record PipelineRejected(string Reason) : IStreamsWireMessage;

/// <summary>Stops a pipeline wherever it runs and forgets it; the answer is <see cref="PipelineStopped"/> or <see cref="PipelineRejected"/>.</summary>
public sealed record StopPipeline(string Name) : IPipelineCommand;

/// <summary>The pipeline is stopped and forgotten.</summary>
public sealed record PipelineStopped(string Name) : IStreamsWireMessage;

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

/// <summary>The answer to <see cref="ListPipelines"/> (and, on one node, to the registry's <see cref="GetHostedPipelines"/>).</summary>
public sealed record PipelineList(IReadOnlyList<PipelineInfo> Pipelines) : IStreamsWireMessage;
