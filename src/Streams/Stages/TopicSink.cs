using Actors.Topics;

namespace Actors.Streams.Stages;

/// <summary>One message for a topic sink: the payload and its optional key and headers.</summary>
public sealed record ProducerMessage(byte[] Payload, string? Key = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// Publishes stream elements to a topic with confirms. At most <c>parallelism</c> publishes wait for their
/// confirm at once, so a slow journal backpressures the stream; confirms come out in order. A refused
/// publish (too large, unknown topic) fails the stream with the broker's reason.
/// </summary>
public static class TopicSink
{
    /// <summary>Publishes each element and emits its confirm (partition and offset).</summary>
    public static Flow<ProducerMessage, PublishAck, NotUsed> Flow(ActorSystem system, TopicName topic, int parallelism = 64, TimeSpan? timeout = null)
    {
        var client = Broker.Get(system).Client;
        return Akka.Streams.Dsl.Flow.Create<ProducerMessage>()
            .SelectAsync(parallelism, m => client.PublishAsync(topic, m.Payload, m.Key, m.Headers, timeout));
    }

    /// <summary>
    /// Publishes the elements <paramref name="toMessage"/> makes a message of and passes every element on, in
    /// order, once it and everything before it are confirmed; an element it gives no message for (a marker)
    /// just waits its turn. What follows (a commit) thus runs after the publishes before it.
    /// </summary>
    public static Flow<T, T, NotUsed> PassThrough<T>(ActorSystem system, TopicName topic, Func<T, ProducerMessage?> toMessage, int parallelism = 64, TimeSpan? timeout = null)
    {
        var client = Broker.Get(system).Client;
        return Akka.Streams.Dsl.Flow.Create<T>().SelectAsync(parallelism, async element =>
        {
            if (toMessage(element) is { } m) await client.PublishAsync(topic, m.Payload, m.Key, m.Headers, timeout);
            return element;
        });
    }

    /// <summary>Publishes each element; the materialized task completes once every publish is confirmed.</summary>
    public static Sink<ProducerMessage, Task<Done>> Create(ActorSystem system, TopicName topic, int parallelism = 64, TimeSpan? timeout = null) =>
        Flow(system, topic, parallelism, timeout).ToMaterialized(Sink.Ignore<PublishAck>(), Keep.Right);

    /// <summary>Publishes text lines as UTF-8 payloads, keyed by <paramref name="key"/> when given.</summary>
    public static Sink<string, Task<Done>> Lines(ActorSystem system, TopicName topic, Func<string, string?>? key = null, int parallelism = 64) =>
        Akka.Streams.Dsl.Flow.Create<string>()
            .Select(line => new ProducerMessage(System.Text.Encoding.UTF8.GetBytes(line), key?.Invoke(line)))
            .ToMaterialized(Create(system, topic, parallelism), Keep.Right);
}
