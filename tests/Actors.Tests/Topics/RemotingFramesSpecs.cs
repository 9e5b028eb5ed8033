using Actors.Topics;

namespace Actors.Tests.Topics;

/// <summary>
/// Remoting frames and socket buffers follow <c>actors.topics.max-message-size</c> (twice it plus 64 KiB), on every node
/// (<see cref="ActorsSettings.Complete"/>) as on clients; sizes configured larger are kept.
/// </summary>
public sealed class RemotingFramesSpecs
{
    private const long MiB = 1024 * 1024;

    private static long? Frame(Config config) => config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null);

    [Fact]
    public void Should_size_a_nodes_frames_for_the_default_limit_of_1_MiB()
    {
        var config = ActorsSettings.Complete(Config.Empty);

        Assert.Equal(2 * MiB + 64 * 1024, Frame(config));
        Assert.Equal(2 * MiB + 64 * 1024, config.GetByteSize("akka.remote.dot-netty.tcp.receive-buffer-size", null));
        Assert.Equal(2 * MiB + 64 * 1024, config.GetByteSize("akka.remote.dot-netty.tcp.send-buffer-size", null));
    }

    [Fact]
    public void Should_raise_frames_for_a_larger_limit_and_keep_larger_configured_ones()
    {
        var raised = RemotingFrames.Ensure(ConfigurationFactory.ParseString("actors.topics.max-message-size = 8 MiB\nakka.remote.dot-netty.tcp.maximum-frame-size = 4 MiB"));
        var kept = RemotingFrames.Ensure(ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.maximum-frame-size = 64 MiB"));

        Assert.Equal(16 * MiB + 64 * 1024, Frame(raised));
        Assert.Equal(64 * MiB, Frame(kept));
    }
}
