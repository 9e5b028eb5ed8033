using Actors.Hocon;

namespace Actors.Streams.Pipelines;

/// <summary>
/// A pipeline read from a HOCON file and checked before anything runs:
/// <code>
/// pipeline {
///   name = word-count
///   source { type = file, path = "input.txt" }
///   stages = [ { type = split }, { type = count }, { type = top, n = 10 }, { type = format } ]
///   sink { type = stdout }
/// }
/// </code>
/// Every problem (malformed HOCON, an unknown step type or setting, a missing or ill-typed setting, a step
/// whose input is not its predecessor's output) is a <see cref="HoconException"/> whose message is one line,
/// <c>FILE:LINE:COLUMN: what is wrong; what was expected</c>.
/// </summary>
public sealed class PipelineDefinition
{
    private readonly IReadOnlyList<(StepType Kind, StepSettings Settings)> _steps;

    private PipelineDefinition(string name, IReadOnlyList<(StepType, StepSettings)> steps)
    {
        Name = name;
        _steps = steps;
    }

    public string Name { get; }

    /// <summary>The step types, source first, sink last.</summary>
    public IReadOnlyList<string> Steps => _steps.Select(s => s.Kind.Name).ToList();

    /// <summary>Whether a step needs a cluster node (see <see cref="StepType.NeedsCluster"/>); if none does, a plain local actor system runs it.</summary>
    public bool NeedsCluster => _steps.Any(s => s.Kind.NeedsCluster);

    /// <summary>Reads a pipeline file; its includes are read relative to it.</summary>
    public static PipelineDefinition Load(string path)
    {
        if (!File.Exists(path)) throw new HoconException(new HoconPosition(path, 0, 0), "file not found");
        HoconDocument document;
        try
        {
            document = HoconDocument.Load(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HoconException(new HoconPosition(path, 0, 0), $"cannot read: {ex.Message}");
        }

        return FromDocument(document);
    }

    /// <summary>Parses a pipeline's text not read from a file here (one submitted to a node): it may include nothing.</summary>
    public static PipelineDefinition Parse(string text, string origin) => FromDocument(HoconDocument.Parse(text, origin));

    private static PipelineDefinition FromDocument(HoconDocument parsed)
    {
        var document = parsed.ResolveAll();
        var origin = document.Origin;
        var pipeline = document.GetObject("pipeline");
        var name = document.GetString("pipeline.name", Path.GetFileNameWithoutExtension(origin));
        var stepNodes = new List<(HoconObject Node, StepRole Role)> { (document.GetObject("pipeline.source"), StepRole.Source) };
        if (document.TryGetNode("pipeline.stages") is { } stages)
        {
            if (document.Resolve(stages) is not HoconArray array) throw stages.Error($"'stages' must be an array of stages, found {stages.KindName}");
            foreach (var item in array.Items)
                stepNodes.Add((document.Resolve(item) as HoconObject ?? throw item.Error($"a stage must be an object like {{ type = split }}, found {item.KindName}"), StepRole.Stage));
        }

        stepNodes.Add((document.GetObject("pipeline.sink"), StepRole.Sink));
        if (pipeline.TryGetField("stage") is { } typo) throw new HoconException(typo.KeyPosition, "unknown key 'stage'; expected 'stages' (an array)");

        var steps = new List<(StepType, StepSettings)>();
        ElementKind? flowing = null;
        string? previous = null;
        foreach (var (node, role) in stepNodes)
        {
            var (kind, settings) = ReadStep(new StepSettings(node, document.Resolve), role);
            if (kind.Input is { } input && flowing is { } output && input != output)
                throw node.Error($"{role.ToString().ToLowerInvariant()} '{kind.Name}' takes {Describe(input)} but '{previous}' gives {Describe(output)}; expected a step that takes {Describe(output)}");
            steps.Add((kind, settings));
            flowing = kind.Output;
            previous = kind.Name;
        }

        return new PipelineDefinition(name, steps);
    }

    /// <summary>
    /// Checks every step that touches the machine (a file, a TCP port) against <paramref name="sandbox"/>: the
    /// first one it does not allow is a <see cref="HoconException"/> at its setting, <c>FILE:LINE:COL: ...</c>.
    /// </summary>
    public PipelineDefinition Check(PipelineSandbox sandbox)
    {
        foreach (var (kind, settings) in _steps) kind.Guard?.Invoke(settings, sandbox);
        return this;
    }

    /// <summary>
    /// Builds the graph, reading every step's settings: an ill-typed value fails here, with its line, before
    /// anything runs; so does a file or port the node's <see cref="PipelineSandbox"/> does not allow (checked
    /// again each time the graph is built, so a node enforces its own sandbox whoever checked the file before). The task completes when the sink is done (never, for an endless source).
    /// </summary>
    /// <remarks>
    /// KEY PATTERN: runs of one-to-one stages (<see cref="StepType.Map"/>) are composed into one function and
    /// handed to the source (its last map) or the sink (its first), or else run as one <c>Select</c>: the
    /// typing on <c>object</c> adds no operator to the graph. With a topic source, markers flow too
    /// (<see cref="StepType.Checkpoints"/>), and a run between two stages skips them.
    /// </remarks>
    public IRunnableGraph<Task> Build(ActorSystem system) => Build(system, null, null);

    /// <summary>
    /// <see cref="Build(ActorSystem)"/>, calling <paramref name="countIn"/> for each element leaving the source and
    /// <paramref name="countOut"/> for each reaching the sink (never for checkpoint markers). The calls are fused
    /// into the maps next to them, so counting adds no operator.
    /// </summary>
    public IRunnableGraph<Task> Build(ActorSystem system, Action? countIn, Action? countOut)
    {
        var checkpoints = _steps[0].Kind.Checkpoints;
        var defaults = StepDefaults.Create(system);
        var sandbox = PipelineSandbox.Create(system);
        Check(sandbox);
        Source<object, NotUsed>? source = null;
        Func<object, object>? run = countIn is { } counted ? e =>
        {
            counted();
            return e;
        } : null;
        foreach (var (kind, settings) in _steps.Skip(1).Take(_steps.Count - 2))
        {
            if (kind.Map is { } map)
            {
                var next = map(settings);
                run = run is { } first ? e => next(first(e)) : next;
                continue;
            }

            source = Flush(source, ref run);
            source = source.Via((Flow<object, object, NotUsed>)kind.Build(new StepContext(settings, system, defaults, checkpoints, null) { Sandbox = sandbox }));
        }

        if (countOut is { } reached)
        {
            var before = run;
            run = before is { } map ? e =>
            {
                var result = map(e);
                reached();
                return result;
            } : e =>
            {
                reached();
                return e;
            };
        }

        // A run between the source and the first other stage went into the source; one before the sink goes into it.
        source ??= Flush(null, ref run);
        var (sinkKind, sinkSettings) = _steps[^1];
        var sink = (Sink<object, Task>)sinkKind.Build(new StepContext(sinkSettings, system, defaults, checkpoints, run) { Sandbox = sandbox });
        return source.ToMaterialized(sink, Keep.Right).Named(Name);

        Source<object, NotUsed> Flush(Source<object, NotUsed>? built, ref Func<object, object>? pending)
        {
            var fused = pending;
            pending = null;
            if (built is null) return (Source<object, NotUsed>)_steps[0].Kind.Build(new StepContext(_steps[0].Settings, system, defaults, checkpoints, fused) { Sandbox = sandbox });
            return fused is null ? built : built.Select(checkpoints ? CheckpointFlows.SkipMarkers(fused) : fused);
        }
    }

    /// <summary>
    /// The catalog's type of one step and its settings, checked: a known type for its role (and among
    /// <paramref name="only"/> when given, else refused with <paramref name="refusal"/>), no unknown setting, every
    /// required one present (their values are read when the graph is built).
    /// </summary>
    internal static (StepType Type, StepSettings Settings) ReadStep(StepSettings step, StepRole role, IReadOnlyList<string>? only = null, string? refusal = null)
    {
        var node = step.Node;
        var roleName = role.ToString().ToLowerInvariant();
        var expected = only is null ? PipelineCatalog.Names(role) : string.Join(", ", only);
        var typeField = node.TryGetField("type") ?? throw node.Error($"a {roleName} needs a 'type'; expected one of {expected}");
        var type = step.String("type");
        if (!PipelineCatalog.Steps.TryGetValue($"{role}:{type}", out var kind))
            throw typeField.Value.Error($"unknown {roleName} type '{HoconText.Quote(type)}'; expected one of {expected}");
        if (only is not null && !only.Contains(kind.Name))
            throw typeField.Value.Error($"'{HoconText.Quote(type)}' {refusal}; expected one of {expected}");
        foreach (var field in node.Fields.Where(f => f.Key != "type" && !kind.Required.Contains(f.Key) && !kind.Optional.Contains(f.Key)))
            throw new HoconException(field.KeyPosition, $"'{kind.Name}' has no setting '{HoconText.Quote(field.Key)}'; expected {Expected(kind)}");
        foreach (var required in kind.Required) _ = node.TryGetField(required) ?? throw node.Error($"'{kind.Name}' needs the setting '{required}'");
        return (kind, step);
    }

    private static string Expected(StepType kind) =>
        kind.Required.Count + kind.Optional.Count == 0 ? "no settings" : string.Join(", ", kind.Required.Concat(kind.Optional));

    private static string Describe(ElementKind kind) => kind == ElementKind.Text ? "text" : "counts";
}
