using System.Reflection;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>Elements that left a pipeline's source and reached its sink, written by the running graph and read by its runner.</summary>
public sealed class PipelineCounters
{
    private long _in;
    private long _out;

    public long In => Interlocked.Read(ref _in);

    public long Out => Interlocked.Read(ref _out);

    internal object CountIn(object element)
    {
        Interlocked.Increment(ref _in);
        return element;
    }

    internal object CountOut(object element)
    {
        Interlocked.Increment(ref _out);
        return element;
    }
}

/// <summary>
/// Builds a <see cref="PipelineDefinition"/> with a counting step right after its source and right before its
/// sink. <see cref="PipelineDefinition.Build"/> returns a closed graph, so the counters cannot go around it; they
/// go around the first and last step instead, and the definition's own Build composes (and fuses) the rest.
/// </summary>
public static class PipelineCounting
{
    // KEY PATTERN: PipelineDefinition has no public hook for this yet (its file is being reworked elsewhere), so the
    // steps are read from its private field. If that shape changes, the pipeline still runs, uncounted, and
    // PipelineHostSpecs fails to say so; the lasting fix is a Build overload that takes the two counting flows.
    private static readonly FieldInfo? StepsField =
        typeof(PipelineDefinition).GetField("_steps", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly ConstructorInfo? Constructor = typeof(PipelineDefinition).GetConstructor(
        BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string), typeof(IReadOnlyList<(StepKind, StepSettings)>)]);

    /// <summary>The graph of <paramref name="definition"/>, counting into <paramref name="counters"/>; <c>Counted</c> is false when it could not.</summary>
    public static (IRunnableGraph<Task> Graph, bool Counted) BuildCounted(this PipelineDefinition definition, ActorSystem system, PipelineCounters counters)
    {
        if (StepsField?.GetValue(definition) is not IReadOnlyList<(StepKind Kind, StepSettings Settings)> { Count: >= 2 } steps || Constructor is null
            || steps[0].Kind.Role != StepRole.Source || steps[^1].Kind.Role != StepRole.Sink)
            return (definition.Build(system), false);

        var counted = steps.ToList();
        var (source, sourceSettings) = steps[0];
        counted[0] = (source with { Build = (s, sys) => ((Source<object, NotUsed>)source.Build(s, sys)).Select(counters.CountIn) }, sourceSettings);
        var (sink, sinkSettings) = steps[^1];
        counted[^1] = (sink with
        {
            Build = (s, sys) => Flow.Create<object>().Select(counters.CountOut).ToMaterialized((Sink<object, Task>)sink.Build(s, sys), Keep.Right),
        }, sinkSettings);
        try
        {
            var copy = (PipelineDefinition)Constructor.Invoke([definition.Name, (IReadOnlyList<(StepKind, StepSettings)>)counted]);
            return (copy.Build(system), true);
        }
        catch (InvalidCastException)
        {
            // A source or sink of another blueprint type than the catalog's today: run it as it is.
            return (definition.Build(system), false);
        }
    }
}
