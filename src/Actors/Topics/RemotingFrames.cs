namespace Actors.Topics;

/// <summary>
/// Akka remoting's frame and socket buffer sizes, from <c>actors.topics.max-message-size</c>: a frame must hold the
/// largest message a topic accepts together with its wrapping, or remoting drops it and the publish (or delivery)
/// waits for a confirm that never comes. Nodes and clients derive them the same way, so what one sends the other
/// takes. Twice the limit plus 64 KiB: the limit counts payload, key and headers as UTF-8, and around them come the
/// topic name, protobuf framing (a few bytes per header, which a message of many small headers multiplies) and the
/// remoting envelope with two actor paths. Sizes configured larger are kept.
/// </summary>
public static class RemotingFrames
{
    private static readonly string[] Keys = ["maximum-frame-size", "send-buffer-size", "receive-buffer-size"];

    /// <summary>The frame size a limit of <paramref name="maxMessageBytes"/> needs.</summary>
    public static long For(long maxMessageBytes) => 2 * maxMessageBytes + 64 * 1024;

    /// <summary>
    /// <paramref name="config"/> with <c>akka.remote.dot-netty.tcp</c>'s frame and buffer sizes raised to what its
    /// <c>actors.topics.max-message-size</c> (or the library default) needs, where they are smaller or unset.
    /// </summary>
    public static Config Ensure(Config config)
    {
        var withDefaults = config.WithFallback(ActorsSettings.DefaultConfig());
        var needed = For(withDefaults.GetByteSize("actors.topics.max-message-size") ?? 1024 * 1024);
        var raised = Keys.Where(key => (withDefaults.GetByteSize($"akka.remote.dot-netty.tcp.{key}", null) ?? 0) < needed)
            .Select(key => $"akka.remote.dot-netty.tcp.{key} = {needed}b")
            .ToList();
        return raised.Count == 0 ? config : ConfigurationFactory.ParseString(string.Join('\n', raised)).WithFallback(config);
    }
}
