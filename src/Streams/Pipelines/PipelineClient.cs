using Actors.Streams.Pipelines.Hosting;
using Actors.Streams.Serialization;

namespace Actors.Streams.Pipelines;

/// <summary>
/// An async API over the cluster's pipeline registry for code that is not an actor: submit a pipeline file's
/// text, stop a pipeline, list them all. The registry it asks is the registry itself on a node
/// (<see cref="ClusterPipelines.Registry"/>) or a node's gateway from outside the cluster, which forwards the
/// same commands. A refusal is a <see cref="PipelineException"/> with the registry's one-line reason; no answer
/// within the timeout is an <see cref="AskTimeoutException"/>.
/// </summary>
public sealed class PipelineClient
{
    private readonly IActorRef _registry;
    private readonly TimeSpan _timeout;

    // The registry waits up to its ask-timeout for each node's host before it answers a listing.
    private readonly TimeSpan _hostTimeout;

    public PipelineClient(ActorSystem system, IActorRef registry, TimeSpan timeout)
    {
        // A client's own actor system (a GatewayClient's) may be made without this library's configuration: the
        // pipeline protocol must still travel with its own serializer, or the node cannot read it.
        StreamsSerializer.EnsureBound(system);
        (_registry, _timeout, _hostTimeout) = (registry, timeout, PipelinesSettings.Create(system).AskTimeout);
    }

    /// <summary>
    /// Submits a pipeline; <paramref name="origin"/> names the file in errors. Returns the name and the node it
    /// was given to ("" while no node can take it).
    /// </summary>
    public async Task<PipelineSubmitted> SubmitAsync(string origin, string text, CancellationToken cancellationToken = default) =>
        Expect<PipelineSubmitted>(await _registry.Ask<object>(new SubmitPipeline(origin, text), _timeout, cancellationToken));

    /// <summary>Stops the pipeline wherever it runs and forgets it.</summary>
    public async Task StopAsync(string name, CancellationToken cancellationToken = default) =>
        Expect<PipelineStopped>(await _registry.Ask<object>(new StopPipeline(name), _timeout, cancellationToken));

    /// <summary>
    /// Every registered pipeline with its node, counts and state. The ask outlasts the registry's own wait for
    /// each node (twice its <c>ask-timeout</c> at least), so a slow node shows as such instead of failing the list.
    /// </summary>
    public async Task<IReadOnlyList<PipelineInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var wait = _timeout > 2 * _hostTimeout ? _timeout : 2 * _hostTimeout;
        return Expect<PipelineList>(await _registry.Ask<object>(ListPipelines.Instance, wait, cancellationToken)).Pipelines;
    }

    private static T Expect<T>(object reply) => reply switch
    {
        T expected => expected,
        PipelineRejected rejected => throw new PipelineException(rejected.Reason),
        _ => throw new PipelineException($"unexpected reply {reply.GetType().Name}"),
    };
}

/// <summary>The pipeline registry refused a request; the message is its one-line reason (<c>FILE:LINE:COL: ...</c> for a bad file).</summary>
public sealed class PipelineException(string message) : Exception(message);
