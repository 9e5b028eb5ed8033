using StreamDecider = Akka.Streams.Supervision.Decider;

namespace Actors.Streams.Stages;

/// <summary>
/// How a topic sink publishes (<c>actors.streams.topic-sink</c>; see the library's reference.conf): how many
/// publishes await their confirm at once, how long one waits, and what a refused publish does to the stream
/// (<see cref="Decider"/>: stop by default; resume drops the element and goes on). Made with
/// <see cref="Create(ActorSystem)"/>, immutable, changed with the <c>With*</c> methods.
/// </summary>
public sealed record TopicSinkSettings
{
    private TopicSinkSettings(int parallelism, TimeSpan? publishTimeout, StreamDecider decider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (publishTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(publishTimeout), publishTimeout, "must be positive");
        Parallelism = parallelism;
        PublishTimeout = publishTimeout;
        Decider = decider;
    }

    /// <summary>Publishes awaiting their confirm at once; more backpressures the stream.</summary>
    public int Parallelism { get; }

    /// <summary>How long a publish waits for its confirm; null: the topic client's <c>actors.topics.ask-timeout</c>.</summary>
    public TimeSpan? PublishTimeout { get; }

    /// <summary>What a failed publish does to the stream (Akka.Streams supervision).</summary>
    public StreamDecider Decider { get; }

    /// <summary>The node's settings (its configuration over the library defaults).</summary>
    public static TopicSinkSettings Create(ActorSystem system) => Create(system.Settings.Config);

    /// <summary>The settings of <paramref name="config"/> over the library defaults.</summary>
    public static TopicSinkSettings Create(Config config)
    {
        var c = config.WithFallback(StreamsSettings.DefaultConfig()).GetConfig("actors.streams.topic-sink");
        var timeout = c.GetString("publish-timeout");
        return new TopicSinkSettings(c.GetInt("parallelism"), string.IsNullOrEmpty(timeout) ? null : c.GetTimeSpan("publish-timeout"),
            Akka.Streams.Supervision.Deciders.StoppingDecider);
    }

    public TopicSinkSettings WithParallelism(int parallelism) => new(parallelism, PublishTimeout, Decider);

    public TopicSinkSettings WithPublishTimeout(TimeSpan? timeout) => new(Parallelism, timeout, Decider);

    public TopicSinkSettings WithDecider(StreamDecider decider) => new(Parallelism, PublishTimeout, decider);
}
