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
/// One type of step a pipeline file may name (<c>type = split</c>): what it takes and gives, the settings it
/// requires and allows, and how to build its Akka.Streams blueprint from them. Blueprints are typed on
/// <c>object</c> so any checked chain composes; the checks make the casts inside safe.
/// </summary>
public sealed record StepType(
    string Name,
    StepRole Role,
    ElementKind? Input,
    ElementKind? Output,
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Optional,
    Func<StepContext, object> Build,
    string Description)
{
    /// <summary>
    /// For a stage that maps each element to exactly one: the function (its settings read when it is made).
    /// The builder composes neighbouring ones and hands the run to the source or sink next to it, or runs it
    /// in one <c>Select</c>, so a pipeline from a file has no more operators than the graph written by hand.
    /// </summary>
    public Func<StepSettings, Func<object, object>>? Map { get; init; }

    /// <summary>
    /// For a stage that keeps no state between elements: each element to its results (none, one or several), its
    /// settings read when it is made. The stage's own blueprint runs the same function; a <c>workers</c> stage runs
    /// it on other nodes (see <see cref="WorkerSteps"/>).
    /// </summary>
    public Func<StepSettings, Func<object, IEnumerable<object>>>? Stateless { get; init; }

    /// <summary>
    /// For a source: it puts <see cref="Checkpoint"/> markers into the stream, so every stage passes them on in
    /// order and the sink commits them after what came before has been written (at-least-once).
    /// </summary>
    public bool Checkpoints { get; init; }

    /// <summary>The step needs a cluster node (topics, or work sent to other nodes); without one a local actor system does.</summary>
    public bool NeedsCluster { get; init; }

    /// <summary>
    /// For a step that touches the machine (a file, a TCP port): throws a <see cref="Actors.Hocon.HoconException"/> at the
    /// setting when the <see cref="PipelineSandbox"/> does not allow it. Its builder asks the sandbox again for
    /// what it opens (<see cref="StepContext.Sandbox"/>).
    /// </summary>
    public Action<StepSettings, PipelineSandbox>? Guard { get; init; }
}

/// <summary>
/// What a step is built with: its settings, the node and its step defaults, whether checkpoints flow, and (for a
/// source or sink) the composed one-to-one stages next to it, to apply in its own last or first map to every
/// element but a checkpoint.
/// </summary>
public sealed record StepContext(StepSettings Settings, ActorSystem System, StepDefaults Defaults, bool Checkpoints, Func<object, object>? Fused)
{
    /// <summary>What the step may touch on this node: a file step opens the path it resolves to, a TCP step binds a port it allows.</summary>
    public PipelineSandbox Sandbox { get; init; } = PipelineSandbox.None;

    /// <summary><see cref="Fused"/> after <paramref name="first"/>: one map for a source's last operator.</summary>
    public Func<T, object> After<T>(Func<T, string> first) => Fused is { } then ? x => then(first(x)) : first; // a Func<T, string> is a Func<T, object>

    /// <summary><see cref="Fused"/> before <paramref name="last"/>: one map for a sink's first operator.</summary>
    public Func<object, T> Before<T>(Func<string, T> last) => Fused is { } first ? x => last((string)first(x)) : x => last((string)x);
}
