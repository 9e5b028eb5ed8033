namespace Actors.Streams.Pipelines.Hosting;

/// <summary>Elements that left a pipeline's source and reached its sink, written by the running graph and read by its runner.</summary>
public sealed class PipelineCounters
{
    private long _in;
    private long _out;

    public long In => Interlocked.Read(ref _in);

    public long Out => Interlocked.Read(ref _out);

    internal void CountIn() => Interlocked.Increment(ref _in);

    internal void CountOut() => Interlocked.Increment(ref _out);
}

/// <summary>Builds a <see cref="PipelineDefinition"/> counting the elements that leave its source and reach its sink.</summary>
public static class PipelineCounting
{
    /// <summary>The graph of <paramref name="definition"/>, counting into <paramref name="counters"/>.</summary>
    public static IRunnableGraph<Task> BuildCounted(this PipelineDefinition definition, ActorSystem system, PipelineCounters counters) =>
        definition.Build(system, counters.CountIn, counters.CountOut);
}
