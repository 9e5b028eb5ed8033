using Actors.Nodes.Certificates;
using Actors.Nodes.Configuration;
using Actors.Security;
using Actors.Testing;

namespace Actors.Nodes.Tests.Security;

/// <summary>
/// A node's TLS settings as the layers give them (options over <c>ACTORS_TLS_*</c> over <c>actors.tls</c> in a
/// <c>--config</c> file), and what TLS changes in the node's configuration: <c>enable-ssl</c> on and seeds called
/// over <c>akka.ssl.tcp</c>, even when written <c>akka.tcp://</c>. Secure by default: loopback needs nothing,
/// anything else TLS or <c>--insecure</c>.
/// </summary>
public sealed class NodeTlsConfigSpecs : IDisposable
{
    private readonly TempFolder _folder = new("tls-config");

    public NodeTlsConfigSpecs()
    {
        DevCertificates.CreateAuthority(_folder.File("ca"), "test CA");
        DevCertificates.CreateLeaf(_folder.File("ca"), _folder.File("a"), "node", ["127.0.0.1"]);
        DevCertificates.CreateLeaf(_folder.File("ca"), _folder.File("b"), "node", ["127.0.0.2"]);
    }

    [Fact]
    public async Task Should_take_tls_from_options_over_variables_over_the_config_file_and_call_seeds_over_tls()
    {
        // arrange
        var file = await _folder.WriteAsync("tls.conf", $$"""
            actors.tls { cert = "{{Path("a/node.crt")}}", key = "{{Path("a/node.key")}}", ca = "{{Path("a/ca.crt")}}" }
            akka.cluster.seed-nodes = ["akka.tcp://actors@127.0.0.1:4999"]
            """);
        var env = new Dictionary<string, string> { ["ACTORS_TLS_CERT"] = Path("b/node.crt"), ["ACTORS_TLS_KEY"] = Path("b/node.key") };

        // act
        var fromFile = NodeConfigLoader.Layer(new NodeSettings { ConfigFile = file });
        var fromEnv = NodeConfigLoader.Layer(new NodeSettings { ConfigFile = file }.WithEnvironmentDefaults(env.GetValueOrDefault));
        var fromOption = NodeConfigLoader.Layer(new NodeSettings { ConfigFile = file, Tls = new TlsFiles(Path("a/node.crt"), Path("a/node.key")) }
            .WithEnvironmentDefaults(env.GetValueOrDefault));
        var plain = NodeConfigLoader.Layer(new NodeSettings());

        // assert
        Assert.Equal(["CN=127.0.0.1", "CN=127.0.0.2", "CN=127.0.0.1"], new[] { fromFile, fromEnv, fromOption }.Select(n => n.Tls!.Certificate.Subject));
        Assert.True(fromFile.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal("akka.ssl.tcp://actors@127.0.0.1:4999", Assert.Single(fromFile.Seeds).ToString());
        Assert.Null(plain.Tls);
        Assert.False(plain.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
    }

    [Fact]
    public void Should_need_tls_or_insecure_only_beyond_loopback()
    {
        // arrange
        var tls = new TlsFiles(Path("a/node.crt"), Path("a/node.key"), Path("a/ca.crt"));

        // act and assert
        SecureByDefault.Ensure(NodeConfigLoader.Layer(new NodeSettings()));
        SecureByDefault.Ensure(NodeConfigLoader.Layer(new NodeSettings { Host = "localhost" }));
        SecureByDefault.Ensure(NodeConfigLoader.Layer(new NodeSettings { Host = "0.0.0.0", Tls = tls, Auth = true, KafkaPort = "off" }));
        SecureByDefault.Ensure(NodeConfigLoader.Layer(new NodeSettings { Host = "0.0.0.0", Tls = tls, Auth = true, KafkaSecurity = "sasl_ssl" }));
        SecureByDefault.Ensure(NodeConfigLoader.Layer(new NodeSettings { Host = "0.0.0.0", Insecure = true }));
        Assert.StartsWith("--host 0.0.0.0 is not a loopback address: a node other machines can reach needs mutual TLS",
            Assert.Throws<NodeConfigException>(() => SecureByDefault.Ensure(NodeConfigLoader.Layer(new NodeSettings { Host = "0.0.0.0" }))).Message);
        Assert.StartsWith("--host 0.0.0.0 is not a loopback address: a node other machines can reach needs clients to log in",
            Assert.Throws<NodeConfigException>(() => SecureByDefault.Ensure(NodeConfigLoader.Layer(new NodeSettings { Host = "0.0.0.0", Tls = tls, KafkaPort = "off" }))).Message);
        Assert.StartsWith("the Kafka listener on 0.0.0.0 is not on loopback",
            Assert.Throws<NodeConfigException>(() => SecureByDefault.Ensure(NodeConfigLoader.Layer(new NodeSettings
                { Host = "0.0.0.0", Tls = tls, Auth = true, KafkaSecurity = "sasl_plaintext" }))).Message);
        Assert.Equal("ACTORS_INSECURE: 'maybe' is not one of 1, true, yes, on, 0, false, no, off",
            Assert.Throws<NodeConfigException>(() => new NodeSettings().WithEnvironmentDefaults(n => n == "ACTORS_INSECURE" ? "maybe" : null)).Message);
    }

    public void Dispose() => _folder.Dispose();

    private string Path(string name) => _folder.File(name).Replace("\\", "/", StringComparison.Ordinal);
}
