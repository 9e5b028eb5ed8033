using System.Text.Json;
using Actors.Hocon;
using Actors.Streams.Distributed;

namespace Actors.Streams.Pipelines;

/// <summary>
/// The <c>workers</c> stage of a pipeline file: a run of text steps done on worker nodes instead of the node
/// running the pipeline.
/// <code>
/// { type = workers, role = worker, stages = [ { type = lowercase }, { type = split } ] }
/// </code>
/// Its stages are the catalog's own stateless text steps (<see cref="StepType.Stateless"/>), checked as any
/// stage is; they travel in the file's own syntax (<c>stages = [ { "type": "split", "separator": " " } ]</c>, with
/// substitutions resolved here), and every node that runs cluster pipelines serves them (<see cref="Serve"/>),
/// reading them with the same catalog. Lines go out and come back in order through <see cref="DistributedWork"/>,
/// so a lost worker's lines go to the others; checkpoint markers travel with the lines as context and never leave
/// this node, so commits still follow the sink.
/// </summary>
internal static class WorkerSteps
{
    /// <summary>The distributed work every pipeline node serves.</summary>
    public const string Work = "pipeline-text";

    /// <summary>The step types a <c>workers</c> stage may hold: the catalog's stateless text-to-text steps.</summary>
    public static IReadOnlyList<string> Types { get; } = ["lowercase", "split", "filter"];

    private const string Refusal = "cannot run on workers";

    /// <summary>Serves pipeline text steps on this node (started with cluster pipelines).</summary>
    public static IActorRef Serve(ActorSystem system, int? parallelism = null) =>
        DistributedWork.ServeCompiled<string, string[]>(system, Work, spec =>
        {
            var run = Compile(spec ?? throw new ArgumentException("a pipeline's workers send their stages"));
            return line => Task.FromResult(run(line));
        }, parallelism);

    /// <summary>The coordinator's side: reads and checks the nested steps, then sends lines through the workers.</summary>
    internal static Flow<object, object, NotUsed> Build(StepContext context)
    {
        var settings = context.Settings;
        var steps = settings.Objects("stages");
        if (steps.Count == 0) throw settings.Node.Error($"'workers' needs at least one stage; expected one of {string.Join(", ", Types)}");
        var distributed = DistributedWorkSettings.Create(context.System) with
        {
            Role = settings.String("role", "") is { Length: > 0 } role ? role : null,
            WindowPerWorker = settings.Int("window", context.Defaults.WorkersWindow),
            Spec = SpecOf(steps),
        };
        return Flow.Create<object>()
            .Select(e => e is Checkpoint ? ("", e) : ((string)e, (object?)null))
            .Via(DistributedWork.FlowWithContext<string, string[], object?>(context.System, Work, distributed))
            .SelectMany(r => r.Item2 is Checkpoint marker ? [marker] : (IEnumerable<object>)r.Item1);
    }

    /// <summary>
    /// The nested steps, checked against the catalog, as the workers receive them: a <c>stages</c> array in the
    /// file's syntax whose values are quoted text (substitutions resolved on this node).
    /// </summary>
    internal static string SpecOf(IReadOnlyList<StepSettings> steps)
    {
        var written = steps.Select(step =>
        {
            var (type, _) = PipelineDefinition.ReadStep(step, StepRole.Stage, Types, Refusal);
            var fields = step.Node.Keys.Select(key => $"{JsonSerializer.Serialize(key)}: {JsonSerializer.Serialize(key == "type" ? type.Name : step.String(key))}");
            return $"{{ {string.Join(", ", fields)} }}";
        });
        return $"stages = [ {string.Join(", ", written)} ]";
    }

    /// <summary>The function of a spec: a line in, its results out (none, one or several), made by the catalog's steps.</summary>
    internal static Func<string, string[]> Compile(string spec)
    {
        var document = HoconDocument.Parse(spec, "workers").ResolveAll();
        Func<object, IEnumerable<object>> run = line => [line];
        foreach (var step in new StepSettings(document.Root, document.Resolve).Objects("stages"))
        {
            var (type, settings) = PipelineDefinition.ReadStep(step, StepRole.Stage, Types, Refusal);
            var (before, next) = (run, type.Stateless!(settings));
            run = line => before(line).SelectMany(next);
        }

        return line => run(line).Cast<string>().ToArray();
    }
}
