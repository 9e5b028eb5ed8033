using Actors.Nodes.Cluster;

namespace Actors.Nodes.Tests.Cluster;

/// <summary>
/// What the join watchdog says about a seed it cannot join: a seed that closes the connection means another thing to a
/// plain-TCP node (the cluster may use TLS) than to a TLS node (the seed may have refused its certificate).
/// </summary>
public sealed class JoinWatchdogSpecs
{
    private static readonly Exception ClosedBySeed =
        new InvalidOperationException("Association failed", new InvalidOperationException("The remote system explicitly disassociated (reason unknown)."));

    [Fact]
    public void Should_tell_a_plain_tcp_node_that_the_cluster_may_need_tls()
    {
        Assert.Equal("the seed closed the connection (if the cluster uses TLS, this node needs --tls-cert, --tls-key and --tls-ca too)",
            JoinWatchdog.Describe(ClosedBySeed, "akka.tcp"));
    }

    [Fact]
    public void Should_tell_a_tls_node_that_the_seed_may_have_refused_its_certificate()
    {
        Assert.Equal("the seed closed the connection (if its log says 'TLS: refused', this node's certificate is not signed by the cluster's CA)",
            JoinWatchdog.Describe(ClosedBySeed, "akka.ssl.tcp"));
    }

    [Fact]
    public void Should_name_a_timeout_and_a_refused_port_alike_for_both()
    {
        foreach (var protocol in new[] { "akka.tcp", "akka.ssl.tcp" })
        {
            Assert.Equal("connection timed out", JoinWatchdog.Describe(new TimeoutException("Associate timed out after [15000 ms]."), protocol));
            Assert.Equal("connection refused (nothing listens on that port)", JoinWatchdog.Describe(new Exception("Connection refused 127.0.0.1:4053"), protocol));
        }
    }
}
