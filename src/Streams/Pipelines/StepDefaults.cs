namespace Actors.Streams.Pipelines;

/// <summary>
/// What pipeline files' steps use where the file does not say (<c>actors.streams.pipelines.steps</c>; see the
/// library's reference.conf). Read once per graph built; immutable, changed with <c>with</c>.
/// </summary>
public sealed record StepDefaults(int TopicPrefetch, int MaxMessagesPerCheckpoint, int WorkersWindow)
{
    public static StepDefaults Create(ActorSystem system) => Create(system.Settings.Config);

    public static StepDefaults Create(Config config)
    {
        var c = config.WithFallback(StreamsSettings.DefaultConfig()).GetConfig("actors.streams.pipelines.steps");
        return new StepDefaults(
            TopicPrefetch: c.GetInt("topic-prefetch"),
            MaxMessagesPerCheckpoint: c.GetInt("max-messages-per-checkpoint"),
            WorkersWindow: c.GetInt("workers-window"));
    }
}
