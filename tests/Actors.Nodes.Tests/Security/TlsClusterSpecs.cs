using System.Text.RegularExpressions;
using Actors.Client;
using Actors.Security;
using Actors.Testing;
using Actors.Topics;

namespace Actors.Nodes.Tests.Security;

/// <summary>
/// Mutual TLS between node processes and to the CLI, with certificates made by <c>actors certs create</c>: three
/// nodes form a cluster over <c>akka.ssl.tcp</c> and the CLI publishes and consumes through it with a client
/// certificate, which a .NET client (<see cref="GatewayClient"/>) uses as well, for its data link too; a CLI without one, or with one another CA signed, is refused in one line and exit 2; a node whose
/// certificate another CA signed is refused and exits 1, the side that refused says why in one line and the node's error
/// points at that side's log; a plain-TCP node never joins.
/// </summary>
public sealed class TlsClusterSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly CliProcesses _processes;

    public TlsClusterSpecs(ITestOutputHelper output) => _processes = new CliProcesses("tls", output, reportLines: 60);

    [Fact]
    public async Task Should_form_a_three_node_cluster_over_mutual_tls_and_serve_the_cli_only_with_a_client_certificate()
    {
        // arrange: one CA, three node certificates and a client certificate
        await CertsAsync("--ca", "ca");
        var nodes = new List<NodeProcess>();
        for (var i = 1; i <= 3; i++)
        {
            await CertsAsync("--ca", "ca", "--node", "127.0.0.1", "--out", $"node{i}");
            string[] seed = nodes.Count == 0 ? [] : ["--seed", nodes[0].HostPort];
            nodes.Add(await _processes.StartNodeAsync(["node", "--port", "0", .. seed, .. Tls($"node{i}", "node")], Wait));
        }

        await CertsAsync("--ca", "ca", "--client", "alice", "--out", "alice");
        foreach (var node in nodes)
        {
            Assert.StartsWith("akka.ssl.tcp://actors@127.0.0.1:", node.Address);
            await nodes[0].Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        }

        // act: publish through the first node, consume through the third, with the client certificate
        var published = await _processes.RunAsync(["publish", "secure", "--node", nodes[0].HostPort, "--timeout", "60", "-q", .. Tls("alice", "client")], Wait,
            input: "one\ntwo\nthree\n");
        var consumed = await _processes.RunAsync(["consume", "secure", "--max", "3", "--node", nodes[2].HostPort, "--timeout", "60", .. Tls("alice", "client")], Wait);
        var listed = await _processes.RunAsync(["cluster", "--node", nodes[1].HostPort, "--timeout", "60", .. Tls("alice", "client")], Wait);

        // assert
        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Equal(0, consumed.ExitCode);
        Assert.Equal(["one", "three", "two"], consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Equal(0, listed.ExitCode);
        Assert.Equal(3, Regex.Matches(listed.Output, @"\n127\.0\.0\.1:\d+\s+Up\s+reachable").Count);

        // a .NET client with the same certificate reads what the CLI published
        var credentials = TlsCredentials.Load(new TlsFiles(Ca: _processes.Folder.File("alice/ca.crt"), Cert: _processes.Folder.File("alice/client.crt"),
            Key: _processes.Folder.File("alice/client.key")));
        await using (var client = await GatewayClient.ConnectAsync(nodes[1].HostPort, "actors", Wait, tls: credentials))
        {
            Assert.Equal("akka.ssl.tcp", client.Node.Protocol);
            Assert.Contains(await client.Topics.ListTopicsAsync(Wait), t => t.Name.Value == "secure");
            // and publishes over its data link, which is mutual TLS too
            Assert.NotNull(client.DataLinkEndpoint);
            var acks = await client.Topics.PublishManyAsync(new TopicName("secure-link"), [new MessageToPublish("a"u8.ToArray()), new MessageToPublish("b"u8.ToArray())], Wait);
            Assert.Equal(2, acks.Count);
        }

        // and a CLI without a certificate, or with one another CA signed, is refused in one line, exit 2
        var plain = await _processes.RunAsync(["topics", "--node", nodes[0].HostPort], Wait);
        Assert.Equal((2, ""), (plain.ExitCode, plain.Output));
        Assert.Equal($"error: the node at {nodes[0].HostPort} requires mutual TLS: give a client certificate its CA signed (--tls-cert FILE --tls-key FILE --tls-ca FILE)\n", plain.Error);
        await CertsAsync("--ca", "other-ca");
        await CertsAsync("--ca", "other-ca", "--client", "mallory", "--out", "mallory");
        var stranger = await _processes.RunAsync(["topics", "--node", nodes[0].HostPort, .. Tls("mallory", "client")], Wait);
        Assert.Equal((2, ""), (stranger.ExitCode, stranger.Output));
        // (both sides check at once: which refuses first is a race, and each is named in its own words)
        Assert.Contains(stranger.Error, new[]
        {
            $"error: the node at {nodes[0].HostPort} was refused: its certificate 'CN=127.0.0.1' is not signed by this cluster's CA (--tls-ca)\n",
            $"error: the node at {nodes[0].HostPort} refused this client's certificate (is --tls-cert signed by the cluster's CA? the node's log says why)\n",
        });
    }

    [Fact]
    public async Task Should_refuse_a_node_another_ca_signed_and_a_plain_tcp_node()
    {
        // arrange: a one-node cluster over TLS, and a node certificate of another CA
        await CertsAsync("--ca", "ca");
        await CertsAsync("--ca", "ca", "--node", "127.0.0.1", "--out", "good");
        await CertsAsync("--ca", "ca", "--client", "admin", "--out", "admin");
        await CertsAsync("--ca", "other-ca");
        await CertsAsync("--ca", "other-ca", "--node", "127.0.0.1", "--out", "stranger");
        var seed = await _processes.StartNodeAsync(["node", "--port", "0", .. Tls("good", "node")], Wait);
        await seed.Process.WaitForLineAsync($"member up: {seed.Address}", Wait);

        // (nodes that are no members keep their own journal: a shared one is for one cluster)
        var strangerJournal = await _processes.Folder.WriteAsync("stranger.conf", "actors.storage.sqlite.path = \"stranger/actors.db\"\n");
        var plainJournal = await _processes.Folder.WriteAsync("plain.conf", "actors.storage.sqlite.path = \"plain/actors.db\"\n");

        // act: the TLS handshake fails, and Akka stops the stranger. Who refuses first is a race: the stranger checks
        // the seed's certificate against its own CA, the seed checks the stranger's against the cluster's
        var stranger = _processes.Start(["node", "--port", "0", "--seed", seed.HostPort, "--config", strangerJournal, .. Tls("stranger", "node")]);
        var strangerExit = await stranger.WaitForExitAsync(Wait);
        // a plain-TCP node keeps knocking and is turned away each time
        var plain = await _processes.StartNodeAsync(["node", "--port", "0", "--seed", seed.HostPort, "--config", plainJournal], Wait);
        var knocking = await plain.Process.WaitForLineAsync("if the cluster uses TLS", Wait);
        await seed.Process.WaitForLineAsync("due to TLS handshake failure", Wait);

        // assert: the side that refused said why in one line, the stranger's error points at that side's log, and it
        // exited 1; the cluster is still the seed alone
        Assert.Equal(1, strangerExit);
        Assert.StartsWith("error: the node stopped: TLS handshake failed on outbound connection to ", stranger.Error);
        const string NotOurs = @": certificate 'CN=127\.0\.0\.1' is not signed by this cluster's CA\n";
        if (stranger.Output.Contains("TLS: refused", StringComparison.Ordinal))
        {
            Assert.Single(Regex.Matches(stranger.Output, "TLS: refused"));
            Assert.Matches($@"TLS: refused ssl\.tcp://actors@{Regex.Escape(seed.HostPort)}{NotOurs}", stranger.Output);
            Assert.EndsWith(" (see the TLS line in its log)\n", stranger.Error);
        }
        else
        {
            Assert.Matches($@"TLS: refused \S+{NotOurs}", await seed.Process.WaitForLineAsync("TLS: refused", Wait) + "\n");
            Assert.EndsWith(": the peer refused this node's certificate (is it signed by the cluster's CA? the peer's log says why)\n", stranger.Error);
        }

        var listed = await _processes.RunAsync(["cluster", "--node", seed.HostPort, "--timeout", "60", .. Tls("admin", "client")], Wait);
        Assert.Equal(0, listed.ExitCode);
        Assert.Single(Regex.Matches(listed.Output, @"\n127\.0\.0\.1:\d+\s+Up"));
        Assert.DoesNotContain("member up: akka.tcp", seed.Process.Output, StringComparison.Ordinal);
        Assert.EndsWith($"seeds tried: akka.tcp://actors@{seed.HostPort} -> the seed closed the connection (if the cluster uses TLS, this node needs --tls-cert, --tls-key and --tls-ca too)", knocking);
    }

    public void Dispose() => _processes.Dispose();

    /// <summary>The <c>--tls-*</c> options for the files <c>actors certs create</c> wrote into <paramref name="folder"/>.</summary>
    private string[] Tls(string folder, string kind) =>
    [
        "--tls-cert", _processes.Folder.File($"{folder}/{kind}.crt"), "--tls-key", _processes.Folder.File($"{folder}/{kind}.key"),
        "--tls-ca", _processes.Folder.File($"{folder}/ca.crt"),
    ];

    private async Task CertsAsync(params string[] args)
    {
        var result = await _processes.RunAsync(["certs", "create", .. args], Wait);
        Assert.True(result.ExitCode == 0, result.Error);
    }
}
