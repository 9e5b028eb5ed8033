using Actors.Streams.Serialization;

namespace Actors.Streams.Pipelines.Hosting;

// Between the registry singleton and each node's PipelineHost: hosts announce themselves, the registry gives
// and takes pipelines, hosts report the ones that ended. Nothing outside this folder sends them.

/// <summary>A host tells the registry it is there and which pipelines it has, at start and then periodically (the registry may move).</summary>
internal sealed record RegisterPipelineHost(IActorRef Host, IReadOnlyList<string> Pipelines) : IStreamsWireMessage;

/// <summary>The registry gives a pipeline to a host, which runs it (replacing one of the same name).</summary>
internal sealed record RunPipeline(string Name, string Origin, string Text) : IStreamsWireMessage;

/// <summary>The registry takes a pipeline away from a host, which stops and forgets it.</summary>
internal sealed record CancelPipeline(string Name) : IStreamsWireMessage;

/// <summary>Asks a host for its pipelines; the answer is a <see cref="PipelineList"/>.</summary>
internal sealed record GetHostedPipelines : IStreamsWireMessage
{
    public static GetHostedPipelines Instance { get; } = new();

    private GetHostedPipelines()
    {
    }
}

/// <summary>A host tells the registry that a pipeline ended for good (completed, or failed with no restart left).</summary>
internal sealed record PipelineEnded(string Name, string State) : IStreamsWireMessage;
