using Actors.Nodes.Configuration;

namespace Actors.Nodes.Tests.Configuration;

/// <summary>
/// The address a node binds and the one it advertises, its log format and its seeds, as the layers set them
/// (option, then its <c>ACTORS_*</c> variable, then the files), and what <see cref="NodeConfigLoader.Layer"/>
/// leaves alone: storage, which only <see cref="NodeConfigLoader.Complete"/> touches.
/// </summary>
public sealed class NodeAddressLayeringSpecs : IDisposable
{
    private const string Hostname = "akka.remote.dot-netty.tcp.hostname";
    private const string PublicHostname = "akka.remote.dot-netty.tcp.public-hostname";
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-layers-").FullName;

    [Fact]
    public void Should_bind_every_interface_and_advertise_the_first_non_loopback_ipv4_address_for_0_0_0_0()
    {
        var node = NodeConfigLoader.Layer(new NodeSettings { Host = "0.0.0.0" });

        Assert.Equal("0.0.0.0", node.Config.GetString(Hostname));
        Assert.Equal(NodeAddresses.FirstNonLoopbackIPv4(), node.Config.GetString(PublicHostname));
        Assert.NotEqual("0.0.0.0", node.Config.GetString(PublicHostname));
    }

    [Fact]
    public void Should_advertise_the_public_host_from_option_variable_or_file_in_that_order()
    {
        // arrange
        var file = Write("akka.remote.dot-netty.tcp { hostname = \"0.0.0.0\", public-hostname = \"10.0.0.9\" }");
        var env = new Dictionary<string, string> { ["ACTORS_PUBLIC_HOST"] = "10.0.0.8" };

        // act
        var fromFile = NodeConfigLoader.Layer(new NodeSettings { ConfigFile = file });
        var fromEnv = NodeConfigLoader.Layer(new NodeSettings { ConfigFile = file }.WithEnvironmentDefaults(env.GetValueOrDefault));
        var fromOption = NodeConfigLoader.Layer(new NodeSettings { ConfigFile = file, PublicHost = "10.0.0.7" }.WithEnvironmentDefaults(env.GetValueOrDefault));

        // assert
        Assert.Equal("10.0.0.9", fromFile.Config.GetString(PublicHostname));
        Assert.Equal("10.0.0.8", fromEnv.Config.GetString(PublicHostname));
        Assert.Equal("10.0.0.7", fromOption.Config.GetString(PublicHostname));
        Assert.All(new[] { fromFile, fromEnv, fromOption }, n => Assert.Equal("0.0.0.0", n.Config.GetString(Hostname)));
    }

    [Fact]
    public void Should_advertise_an_address_for_a_name_and_resolve_seeds_named_alike()
    {
        // act
        var node = NodeConfigLoader.Layer(new NodeSettings { Host = "localhost", Seeds = ["localhost:4053", "akka.tcp://actors@localhost:4054"] });

        // assert: remoting only answers to the name it advertises, so names become the address clients resolve too
        Assert.Equal("localhost", node.Config.GetString(Hostname));
        Assert.Equal("127.0.0.1", node.Config.GetString(PublicHostname));
        Assert.Equal(["akka.tcp://actors@127.0.0.1:4053", "akka.tcp://actors@127.0.0.1:4054"], node.Seeds.Select(s => s.ToString()));
        Assert.Equal(["akka.tcp://actors@127.0.0.1:4053", "akka.tcp://actors@127.0.0.1:4054"], node.Config.GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void Should_refuse_a_public_host_that_does_not_resolve()
    {
        var error = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Layer(new NodeSettings { PublicHost = "no-such-host.invalid" }));

        Assert.StartsWith("--public-host: cannot resolve 'no-such-host.invalid'", error.Message);
    }

    [Fact]
    public void Should_never_let_a_second_listener_share_the_port()
    {
        var node = NodeConfigLoader.Layer(new NodeSettings());

        Assert.False(node.Config.GetBoolean("akka.remote.dot-netty.tcp.tcp-reuse-addr"));
    }

    [Fact]
    public void Should_read_the_log_format_from_option_variable_or_file()
    {
        // arrange
        var file = Write("actors.node.log-format = json");
        var env = new Dictionary<string, string> { ["ACTORS_LOG_FORMAT"] = "text" };

        // act + assert
        Assert.Equal(NodeLogFormat.Text, NodeConfigLoader.Layer(new NodeSettings()).LogFormat);
        Assert.Equal(NodeLogFormat.Json, NodeConfigLoader.Layer(new NodeSettings { ConfigFile = file }).LogFormat);
        Assert.Equal(NodeLogFormat.Text, NodeConfigLoader.Layer(new NodeSettings { ConfigFile = file }.WithEnvironmentDefaults(env.GetValueOrDefault)).LogFormat);
        Assert.Equal(NodeLogFormat.Json, NodeConfigLoader.Layer(new NodeSettings { LogFormat = "JSON" }.WithEnvironmentDefaults(env.GetValueOrDefault)).LogFormat);
    }

    [Fact]
    public void Should_name_the_layer_of_an_unknown_log_format()
    {
        var fromEnv = Assert.Throws<NodeConfigException>(() =>
            new NodeSettings().WithEnvironmentDefaults(new Dictionary<string, string> { ["ACTORS_LOG_FORMAT"] = "xml" }.GetValueOrDefault));
        var fromFile = Assert.Throws<NodeConfigException>(() =>
            NodeConfigLoader.Layer(new NodeSettings { ConfigFile = Write("actors.node.log-format = yaml") }));

        Assert.Equal("ACTORS_LOG_FORMAT: 'xml' is not text or json", fromEnv.Message);
        Assert.Equal("actors.node.log-format: 'yaml' is not text or json", fromFile.Message);
    }

    [Fact]
    public void Should_leave_storage_alone_until_the_configuration_is_completed()
    {
        // arrange
        var journal = Path.Combine(_folder, "data", "journal.db");
        var file = Write($"actors.storage.sqlite.path = \"{journal.Replace("\\", "/", StringComparison.Ordinal)}\"");

        // act
        var layered = NodeConfigLoader.Layer(new NodeSettings { ConfigFile = file });
        var untouched = !Path.Exists(Path.GetDirectoryName(journal));
        NodeConfigLoader.Complete(layered);

        // assert
        Assert.True(untouched, "Layer created the journal's folder");
        Assert.True(File.Exists(journal));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Write(string hocon)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, hocon);
        return path;
    }
}
