namespace Actors.Streams;

/// <summary>
/// Entry point to the stream layer's HOCON: the embedded <c>reference.conf</c> (<c>actors.streams</c> and the
/// serializer of the stream layer's wire messages), over Akka.Streams' own defaults, so the stream-ref
/// serializer exists from start-up on every node, not only once a materializer is made.
/// </summary>
public static class StreamsSettings
{
    private static readonly Lazy<Config> Reference = new(() => EmbeddedConfig.Load(typeof(StreamsSettings).Assembly, "Actors.Streams.reference.conf"));

    /// <summary>The library defaults, to be used as a fallback below a node's own configuration.</summary>
    public static Config DefaultConfig() => Reference.Value.WithFallback(ActorMaterializer.DefaultConfig());
}
