namespace Actors.Streams.Pipelines;

/// <summary>What flows between two steps of a pipeline; a step's input must be its predecessor's output.</summary>
public enum ElementKind
{
    /// <summary>Lines or words of text.</summary>
    Text,

    /// <summary>Counts per key (<see cref="KeyCount"/>).</summary>
    Counts,
}

/// <summary>A key and how often it was seen (in the whole stream or one window).</summary>
public sealed record KeyCount(string Key, long Count);

/// <summary>Where a pipeline step takes its place in the chain.</summary>
public enum StepRole
{
    Source,
    Stage,
    Sink,
}

/// <summary>
/// One kind of step a pipeline file may name (<c>type = split</c>): what it takes and gives, the settings it
/// requires and allows, and how to build its Akka.Streams blueprint from them. Blueprints are typed on
/// <c>object</c> so any checked chain composes; the checks make the casts inside safe.
/// </summary>
public sealed record StepKind(
    string Name,
    StepRole Role,
    ElementKind? Input,
    ElementKind? Output,
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Optional,
    Func<StepSettings, ActorSystem, object> Build,
    string Description);
