using Actors.Testing;

namespace Actors.Nodes.Tests.Security;

/// <summary>
/// Secure by default off loopback: a node asked to listen on an address other machines can reach, without TLS,
/// refuses to start in one line naming the options, exit 2, before it binds anything; so does a TLS node whose Kafka
/// listener (no TLS yet) would be open beyond loopback. <c>--insecure</c> lets it start, and it warns as it does.
/// </summary>
public sealed class SecureByDefaultSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly CliProcesses _processes = new("secure", output, reportLines: 40);

    [Theory]
    [InlineData("--host 0.0.0.0")]
    [InlineData("")] // ACTORS_HOST below
    public async Task Should_refuse_to_start_on_a_non_loopback_address_without_tls(string options)
    {
        // act
        var result = await _processes.RunAsync(["node", "--port", "0", .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries)], Wait,
            options.Length == 0 ? new Dictionary<string, string> { ["ACTORS_HOST"] = "0.0.0.0" } : null);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --host 0.0.0.0 is not a loopback address: a node other machines can reach needs mutual TLS, " +
                     "--tls-cert FILE --tls-key FILE --tls-ca FILE (or --tls-pfx FILE --tls-ca FILE), or --insecure to run without it " +
                     "(see `actors certs create`)\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Should_refuse_a_kafka_listener_beyond_loopback_even_with_tls()
    {
        // arrange
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca"], Wait)).ExitCode);
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca", "--node", "127.0.0.1", "--out", "node"], Wait)).ExitCode);

        // act
        var result = await _processes.RunAsync(["node", "--host", "0.0.0.0", "--port", "0", "--tls-cert", "node/node.crt", "--tls-key", "node/node.key",
            "--tls-ca", "node/ca.crt", "--auth", "--kafka-security", "sasl_plaintext"], Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: the Kafka listener on 0.0.0.0 is not on loopback and has no TLS or authentication: add --kafka-security sasl_ssl " +
                     "with --auth, or --kafka-port off, or --insecure to open it anyway\n", result.Error);
    }

    [Fact]
    public async Task Should_refuse_a_node_with_tls_but_no_login_beyond_loopback()
    {
        // arrange
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca"], Wait)).ExitCode);
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca", "--node", "127.0.0.1", "--out", "node"], Wait)).ExitCode);

        // act
        var result = await _processes.RunAsync(["node", "--host", "0.0.0.0", "--port", "0", "--tls-cert", "node/node.crt", "--tls-key", "node/node.key",
            "--tls-ca", "node/ca.crt", "--kafka-port", "off"], Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --host 0.0.0.0 is not a loopback address: a node other machines can reach needs clients to log in, --auth " +
                     "(with ACTORS_ADMIN_PASSWORD for the first user), or --insecure to run without it\n", result.Error);
    }

    [Fact]
    public async Task Should_start_with_insecure_and_warn()
    {
        // act
        var node = await _processes.StartNodeAsync(["node", "--host", "0.0.0.0", "--port", "0", "--insecure"], Wait);

        // assert
        var warning = await node.Process.WaitForLineAsync("--insecure:", Wait);
        Assert.Matches(@" warn: Actors\.Nodes\.Node\[0\] --insecure: remoting on 0\.0\.0\.0 has no TLS; any program that reaches it can join the cluster, publish and consume, and Kafka clients too$", warning);
        Assert.StartsWith("akka.tcp://actors@", node.Address);
    }

    public void Dispose() => _processes.Dispose();
}
