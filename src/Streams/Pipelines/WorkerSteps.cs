using Actors.Hocon;
using Actors.Streams.Distributed;

namespace Actors.Streams.Pipelines;

/// <summary>
/// The <c>workers</c> stage of a pipeline file: a run of text steps done on worker nodes instead of the node
/// running the pipeline.
/// <code>
/// { type = workers, role = worker, stages = [ { type = lowercase }, { type = split } ] }
/// </code>
/// The steps travel as a spec of one line each (<c>split\t </c>); every node that runs cluster pipelines serves
/// them (<see cref="Serve"/>) and makes one function per spec. Lines go out and come back in order through
/// <see cref="DistributedWork"/>, so a lost worker's lines go to the others; checkpoint markers travel with the
/// lines as context and never leave this node, so commits still follow the sink.
/// </summary>
public static class WorkerSteps
{
    /// <summary>The distributed work every pipeline node serves.</summary>
    public const string Work = "pipeline-text";

    /// <summary>The step types a <c>workers</c> stage may hold: stateless text to text.</summary>
    public static IReadOnlyList<string> Types { get; } = ["lowercase", "split", "filter"];

    /// <summary>Serves pipeline text steps on this node (started with cluster pipelines).</summary>
    public static IActorRef Serve(ActorSystem system, int parallelism = 4) =>
        DistributedWork.ServeCompiled<string, string[]>(system, Work, spec =>
        {
            var run = Compile(spec ?? "");
            return line => Task.FromResult(run(line));
        }, parallelism);

    /// <summary>The coordinator's side: reads and checks the nested steps, then sends lines through the workers.</summary>
    internal static Flow<object, object, NotUsed> Build(StepContext context)
    {
        var settings = context.Settings;
        var steps = settings.Objects("stages");
        if (steps.Count == 0) throw settings.Node.Error($"'workers' needs at least one stage; expected one of {string.Join(", ", Types)}");
        var spec = SpecOf(steps);
        var distributed = new DistributedWorkSettings
        {
            Role = settings.String("role", "") is { Length: > 0 } role ? role : null,
            WindowPerWorker = settings.Int("window", 256),
            Spec = spec,
        };
        return Flow.Create<object>()
            .Select(e => e is Checkpoint ? ("", e) : ((string)e, (object?)null))
            .Via(DistributedWork.FlowWithContext<string, string[], object?>(context.System, Work, distributed))
            .SelectMany(r => r.Item2 is Checkpoint marker ? [marker] : (IEnumerable<object>)r.Item1);
    }

    /// <summary>One line per step: its type, then a tab and its one setting where it has one.</summary>
    internal static string SpecOf(IReadOnlyList<StepSettings> steps)
    {
        return string.Join('\n', steps.Select(step =>
        {
            var typeField = step.Node.TryGetField("type") ?? throw step.Node.Error($"a step needs a 'type'; expected one of {string.Join(", ", Types)}");
            var type = step.String("type");
            var (setting, value) = type switch
            {
                "lowercase" => ((string?)null, ""),
                "split" => ("separator", step.String("separator", " ")),
                "filter" => ("contains", step.String("contains")),
                _ => throw typeField.Value.Error($"'{type}' cannot run on workers; expected one of {string.Join(", ", Types)}"),
            };
            foreach (var field in step.Node.Fields.Where(f => f.Key != "type" && f.Key != setting))
                throw new HoconException(field.KeyPosition, $"'{type}' has no setting '{field.Key}'; expected {setting ?? "no settings"}");
            if (value.Contains('\n') || value.Contains('\t')) throw step.Node.Error($"'{setting}' cannot hold a tab or a line break");
            return setting is null ? type : $"{type}\t{value}";
        }));
    }

    /// <summary>The function of a spec: a line in, its results out (none, one or several).</summary>
    internal static Func<string, string[]> Compile(string spec)
    {
        Func<string, IEnumerable<string>> run = line => [line];
        foreach (var step in spec.Split('\n'))
        {
            var parts = step.Split('\t', 2);
            var before = run;
            run = parts[0] switch
            {
                "lowercase" => line => before(line).Select(l => l.ToLowerInvariant()),
                "split" => line => before(line).SelectMany(l => l.Split(parts[1], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
                "filter" => line => before(line).Where(l => l.Contains(parts[1], StringComparison.Ordinal)),
                _ => throw new ArgumentException($"unknown worker step '{parts[0]}'"),
            };
        }

        return line => run(line).ToArray();
    }
}
