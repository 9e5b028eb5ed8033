using Actors.Streams.Supervision;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>
/// Elements that left a pipeline's source and reached its sink, written by the running graph, and the rate out of
/// the source, sampled by its host.
/// </summary>
internal sealed class PipelineCounters
{
    private long _in;
    private long _out;
    private long _lastIn;
    private DateTime _lastSample = DateTime.UtcNow;
    private double _perSecond;

    public long In => Interlocked.Read(ref _in);

    public long Out => Interlocked.Read(ref _out);

    /// <summary>Elements per second out of the source between the last two samples.</summary>
    public double PerSecond => Volatile.Read(ref _perSecond);

    internal void CountIn() => Interlocked.Increment(ref _in);

    internal void CountOut() => Interlocked.Increment(ref _out);

    /// <summary>Takes a sample (one caller: the host's timer).</summary>
    internal void Sample(DateTime now)
    {
        var seconds = (now - _lastSample).TotalSeconds;
        var elementsIn = In;
        Volatile.Write(ref _perSecond, seconds > 0 ? (elementsIn - _lastIn) / seconds : 0);
        _lastIn = elementsIn;
        _lastSample = now;
    }

    /// <summary>What a listing shows of the pipeline: its supervisor's status and these counts.</summary>
    internal PipelineInfo Info(PipelineStatus status, string node) => new(status.Name, node, In, Out, Math.Round(PerSecond, 1), status.State, status.Restarts);
}

/// <summary>Builds a <see cref="PipelineDefinition"/> counting the elements that leave its source and reach its sink.</summary>
internal static class PipelineCounting
{
    /// <summary>The graph of <paramref name="definition"/>, counting into <paramref name="counters"/>.</summary>
    public static IRunnableGraph<Task> BuildCounted(this PipelineDefinition definition, ActorSystem system, PipelineCounters counters) =>
        definition.Build(system, counters.CountIn, counters.CountOut);
}
