using Actors.Nodes.Hosting;
using Akka.Event;

namespace Actors.Nodes.Tests.Hosting;

/// <summary>
/// The levels a node shows Akka's events at: its own loggers as they log, Akka's informational lines at DEBUG, and
/// Akka's warnings as they are, except those a line of the node's own repeats.
/// </summary>
public sealed class LogPolicySpecs
{
    [Theory]
    [InlineData("Actors.Nodes.Cluster.ClusterMembershipLogger", LogLevel.InfoLevel, "member up: akka.tcp://actors@127.0.0.1:4053 roles=[]", LogLevel.InfoLevel)]
    [InlineData("Actors.Topics.TopicRegistry", LogLevel.InfoLevel, "topic created: t with 8 partitions", LogLevel.InfoLevel)]
    [InlineData("Akka.Remote.ReliableDeliverySupervisor", LogLevel.InfoLevel, "Removing receive buffers for [a]->[b]", LogLevel.DebugLevel)]
    [InlineData("Cluster", LogLevel.InfoLevel, "Cluster Node [x] - No seed-nodes configured, manual cluster join required", LogLevel.DebugLevel)]
    [InlineData("Cluster", LogLevel.WarningLevel, "Cluster Node [x] - Marking node(s) as UNREACHABLE [Member(...)]. Node roles []", LogLevel.DebugLevel)]
    [InlineData("remoting", LogLevel.WarningLevel, "Tried to associate with unreachable remote address [akka.tcp://actors-client@127.0.0.1:33671]. Address is now gated for 2000 ms", LogLevel.DebugLevel)]
    [InlineData("Akka.Cluster.SBR.SplitBrainResolver", LogLevel.WarningLevel, "SBR took decision DownUnreachable and is downing [x]", LogLevel.WarningLevel)]
    [InlineData("Akka.Remote.EndpointWriter", LogLevel.ErrorLevel, "Transient association error", LogLevel.ErrorLevel)]
    [InlineData("Akka.Actor.OneForOneStrategy", LogLevel.ErrorLevel, "Disassociated", LogLevel.DebugLevel)]
    public void Should_show_operators_the_node_s_own_lines_and_akka_s_problems(string category, LogLevel level, string message, LogLevel shown)
    {
        Assert.Equal(shown, LogPolicy.LevelOf(category, level, message));
    }

    [Theory]
    [InlineData(LogLevel.WarningLevel, "Rejected incoming connection from [[::ffff:127.0.0.1]:41350] due to TLS handshake failure. This is likely invalid or malicious traffic.", null, LogLevel.WarningLevel)]
    [InlineData(LogLevel.ErrorLevel, "TLS handshake failed on channel [a->b](Id=1) TLS handshake failed (Server side): Error: Channel is closed", null, LogLevel.DebugLevel)]
    [InlineData(LogLevel.ErrorLevel, "Error caught channel [a->b](Id=1)", "NotSslRecordException: not an SSL/TLS record: 2c000000", LogLevel.DebugLevel)]
    [InlineData(LogLevel.ErrorLevel, "Error caught channel [a->b](Id=1)", "SocketException: Connection reset by peer", LogLevel.ErrorLevel)]
    public void Should_keep_one_line_for_a_refused_tls_handshake(LogLevel level, string message, string? cause, LogLevel shown)
    {
        Assert.Equal(shown, LogPolicy.LevelOf("Akka.Remote.Transport.DotNetty.TcpServerHandler", level, message, cause));
    }
}
