using Actors.Topics;

namespace Actors.Streams.Stages;

/// <summary>One message for a topic sink: the payload and its optional key and headers.</summary>
public sealed record ProducerMessage(byte[] Payload, string? Key = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// Publishes stream elements to a topic with confirms. At most <see cref="TopicSinkSettings.Parallelism"/>
/// publishes wait for their confirm at once, so a slow journal backpressures the stream; confirms come out in
/// order. A refused publish (too large, unknown topic) fails the stream with the broker's reason, unless the
/// settings' decider resumes. Every factory takes <see cref="TopicSinkSettings"/>, or the node's with the
/// parallelism and timeout given.
/// </summary>
public static class TopicSink
{
    /// <summary>Publishes each element and emits its confirm (partition and offset).</summary>
    public static Flow<ProducerMessage, PublishAck, NotUsed> Flow(ActorSystem system, TopicName topic, TopicSinkSettings settings)
    {
        var client = Broker.Get(system).Client;
        return Akka.Streams.Dsl.Flow.Create<ProducerMessage>()
            .SelectAsync(settings.Parallelism, m => client.PublishAsync(topic, m.Payload, m.Key, m.Headers, settings.PublishTimeout))
            .WithAttributes(ActorAttributes.CreateSupervisionStrategy(settings.Decider));
    }

    /// <summary><see cref="Flow(ActorSystem,TopicName,TopicSinkSettings)"/> with the node's settings.</summary>
    public static Flow<ProducerMessage, PublishAck, NotUsed> Flow(ActorSystem system, TopicName topic, int? parallelism = null, TimeSpan? timeout = null) =>
        Flow(system, topic, Settings(system, parallelism, timeout));

    /// <summary>
    /// Publishes the elements <paramref name="toMessage"/> makes a message of and passes every element on, in
    /// order, once it and everything before it are confirmed; an element it gives no message for (a marker)
    /// just waits its turn. What follows (a commit) thus runs after the publishes before it.
    /// </summary>
    public static Flow<T, T, NotUsed> PassThrough<T>(ActorSystem system, TopicName topic, Func<T, ProducerMessage?> toMessage, TopicSinkSettings settings)
    {
        var client = Broker.Get(system).Client;
        return Akka.Streams.Dsl.Flow.Create<T>().SelectAsync(settings.Parallelism, async element =>
            {
                if (toMessage(element) is { } m) await client.PublishAsync(topic, m.Payload, m.Key, m.Headers, settings.PublishTimeout);
                return element;
            })
            .WithAttributes(ActorAttributes.CreateSupervisionStrategy(settings.Decider));
    }

    /// <summary><see cref="PassThrough{T}(ActorSystem,TopicName,Func{T,ProducerMessage},TopicSinkSettings)"/> with the node's settings.</summary>
    public static Flow<T, T, NotUsed> PassThrough<T>(ActorSystem system, TopicName topic, Func<T, ProducerMessage?> toMessage, int? parallelism = null, TimeSpan? timeout = null) =>
        PassThrough(system, topic, toMessage, Settings(system, parallelism, timeout));

    /// <summary>Publishes each element; the materialized task completes once every publish is confirmed.</summary>
    public static Sink<ProducerMessage, Task<Done>> Create(ActorSystem system, TopicName topic, TopicSinkSettings settings) =>
        Flow(system, topic, settings).ToMaterialized(Sink.Ignore<PublishAck>(), Keep.Right);

    /// <summary><see cref="Create(ActorSystem,TopicName,TopicSinkSettings)"/> with the node's settings.</summary>
    public static Sink<ProducerMessage, Task<Done>> Create(ActorSystem system, TopicName topic, int? parallelism = null, TimeSpan? timeout = null) =>
        Create(system, topic, Settings(system, parallelism, timeout));

    /// <summary>Publishes text lines as UTF-8 payloads, keyed by <paramref name="key"/> when given.</summary>
    public static Sink<string, Task<Done>> Lines(ActorSystem system, TopicName topic, Func<string, string?>? key = null, int? parallelism = null) =>
        Akka.Streams.Dsl.Flow.Create<string>()
            .Select(line => new ProducerMessage(System.Text.Encoding.UTF8.GetBytes(line), key?.Invoke(line)))
            .ToMaterialized(Create(system, topic, parallelism), Keep.Right);

    private static TopicSinkSettings Settings(ActorSystem system, int? parallelism, TimeSpan? timeout)
    {
        var settings = TopicSinkSettings.Create(system);
        if (parallelism is { } p) settings = settings.WithParallelism(p);
        return timeout is { } t ? settings.WithPublishTimeout(t) : settings;
    }
}
