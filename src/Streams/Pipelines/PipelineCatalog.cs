namespace Actors.Streams.Pipelines;

/// <summary>
/// The vocabulary of pipeline files: every source (<see cref="SourceSteps"/>), stage (<see cref="StageSteps"/>)
/// and sink (<see cref="SinkSteps"/>) a file may name, with its element types and settings. Each builds on the
/// library's own blueprints (connectors, topic stages, operators). When the source is a topic,
/// <see cref="Checkpoint"/> markers flow too: stages pass them on in order (see <see cref="CheckpointFlows"/>) and
/// sinks commit them after writing what came before.
/// </summary>
public static class PipelineCatalog
{
    /// <summary>Every step type by <c>Role:name</c> (<c>Stage:split</c>); within a role in the order error messages list them.</summary>
    public static IReadOnlyDictionary<string, StepType> Steps { get; } =
        SourceSteps.All.Concat(StageSteps.All).Concat(SinkSteps.All).ToDictionary(k => $"{k.Role}:{k.Name}");

    /// <summary>The names of the step types of <paramref name="role"/>, for error messages.</summary>
    internal static string Names(StepRole role) => string.Join(", ", Steps.Values.Where(k => k.Role == role).Select(k => k.Name));

    internal static StepType Source<TMat>(string name, string[] required, string[] optional, Func<StepContext, Source<object, TMat>> build, string description) =>
        new(name, StepRole.Source, null, ElementKind.Text, required, optional, c => build(c).MapMaterializedValue(_ => NotUsed.Instance), description);

    internal static StepType Stage(string name, ElementKind input, ElementKind output, string[] required, string[] optional, Func<StepContext, Flow<object, object, NotUsed>> build, string description) =>
        new(name, StepRole.Stage, input, output, required, optional, build, description);

    /// <summary>A one-to-one text stage: the builder fuses it with its neighbours (see <see cref="StepType.Map"/>); workers can run it.</summary>
    internal static StepType Map(string name, ElementKind input, ElementKind output, string[] required, string[] optional, Func<StepSettings, Func<object, object>> map, string description) =>
        new(name, StepRole.Stage, input, output, required, optional, c => CheckpointFlows.Select(c.Checkpoints, map(c.Settings)), description)
        {
            Map = map,
            Stateless = settings =>
            {
                var one = map(settings);
                return e => [one(e)];
            },
        };

    internal static StepType Sink<TMat>(string name, string[] required, string[] optional, Func<StepContext, Sink<object, TMat>> build, string description) where TMat : Task =>
        new(name, StepRole.Sink, ElementKind.Text, null, required, optional, c => build(c).MapMaterializedValue(t => (Task)t), description);
}
