using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Actors.Diagnostics;
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

    /// <summary>Counted by the <c>Actors.Streams</c> meter under <paramref name="name"/> until <see cref="Unpublish"/>.</summary>
    internal void Publish(string name) => StreamsMetrics.Running[this] = [new(StreamsMetrics.PipelineTag, name)];

    internal void Unpublish() => StreamsMetrics.Running.TryRemove(this, out _);

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

/// <summary>
/// The <c>Actors.Streams</c> meter: elements in and out of each running pipeline (observed from its
/// <see cref="PipelineCounters"/>, which the graph already keeps) and its restarts.
/// </summary>
internal static class StreamsMetrics
{
    public const string PipelineTag = "actors.pipeline.name";

    internal static readonly ConcurrentDictionary<PipelineCounters, KeyValuePair<string, object?>[]> Running = new();

    public static readonly Counter<long> Restarts = ActorsTelemetry.StreamsMeter.CreateCounter<long>("actors.pipeline.restarts", "{restart}",
        "Restarts of a pipeline after a failure (with back-off).");

    static StreamsMetrics()
    {
        ActorsTelemetry.StreamsMeter.CreateObservableCounter("actors.pipeline.elements.in", () => Observe(c => c.In), "{element}",
            "Elements that left a pipeline's source (since it last started on this node).");
        ActorsTelemetry.StreamsMeter.CreateObservableCounter("actors.pipeline.elements.out", () => Observe(c => c.Out), "{element}",
            "Elements that reached a pipeline's sink (since it last started on this node).");
    }

    private static IEnumerable<Measurement<long>> Observe(Func<PipelineCounters, long> read)
    {
        foreach (var (counters, tags) in Running) yield return new Measurement<long>(read(counters), tags);
    }
}
