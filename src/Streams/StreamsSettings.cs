namespace Actors.Streams;

/// <summary>
/// Entry point to the stream layer's HOCON: the embedded <c>reference.conf</c> under <c>actors.streams</c>.
/// </summary>
public static class StreamsSettings
{
    private static readonly Lazy<Config> Reference = new(() => EmbeddedConfig.Load(typeof(StreamsSettings).Assembly, "Actors.Streams.reference.conf"));

    /// <summary>The library defaults, to be used as a fallback below a node's own configuration.</summary>
    public static Config DefaultConfig() => Reference.Value;
}
