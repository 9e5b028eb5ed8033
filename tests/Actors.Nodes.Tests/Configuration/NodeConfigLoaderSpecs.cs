using Actors.Nodes.Configuration;
using Akka.Actor;
using Akka.Event;

namespace Actors.Nodes.Tests.Configuration;

/// <summary>
/// The layers of a node's configuration, highest first: command-line options, their <c>ACTORS_*</c>
/// variables where an option is missing, the <c>--config</c> file, then <c>hocon/node.conf</c>.
/// </summary>
public sealed class NodeConfigLoaderSpecs : IDisposable
{
    private const string Port = "akka.remote.dot-netty.tcp.port";
    private const string Hostname = "akka.remote.dot-netty.tcp.hostname";
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-config-").FullName;

    [Fact]
    public void Should_default_to_a_one_node_cluster_on_loopback_port_4053()
    {
        // act
        var node = NodeConfigLoader.Load(new NodeSettings());

        // assert
        Assert.Equal("actors", node.SystemName);
        Assert.Equal("127.0.0.1", node.Config.GetString(Hostname));
        Assert.Equal(4053, node.Config.GetInt(Port));
        Assert.Empty(node.Seeds);
        Assert.Equal("keep-majority", node.Config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(LogLevel.InfoLevel, node.LogLevel);
    }

    [Fact]
    public void Should_let_the_config_file_override_node_conf_and_options_override_both()
    {
        // arrange
        var file = Write("""
            akka.remote.dot-netty.tcp { hostname = "10.0.0.1", port = 5000 }
            akka.cluster.roles = [from-file]
            akka.cluster.split-brain-resolver.stable-after = 3s
            akka.loglevel = DEBUG
            """);

        // act
        var node = NodeConfigLoader.Load(new NodeSettings { ConfigFile = file, Port = 6000, Roles = ["from-option"] });

        // assert
        Assert.Equal(6000, node.Config.GetInt(Port));
        Assert.Equal(["from-option"], node.Config.GetStringList("akka.cluster.roles"));
        Assert.Equal("10.0.0.1", node.Config.GetString(Hostname));
        Assert.Equal(TimeSpan.FromSeconds(3), node.Config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(LogLevel.DebugLevel, node.LogLevel);
        Assert.Equal("keep-majority", node.Config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
    }

    [Fact]
    public void Should_read_environment_variables_only_where_options_are_missing()
    {
        // arrange
        var file = Write("akka.cluster.roles = [from-file]");
        var env = new Dictionary<string, string>
        {
            ["ACTORS_HOST"] = "10.0.0.2", ["ACTORS_PORT"] = "7000", ["ACTORS_SEED"] = "10.0.0.3:7001,10.0.0.4:7002",
            ["ACTORS_ROLES"] = "a,b", ["ACTORS_CONFIG"] = file, ["ACTORS_SYSTEM_NAME"] = "from-env",
        };

        // act
        var fromEnv = NodeConfigLoader.Load(new NodeSettings().WithEnvironmentDefaults(env.GetValueOrDefault));
        var fromOptions = NodeConfigLoader.Load(new NodeSettings { Port = 8000, SystemName = "from-option", Roles = ["c"] }
            .WithEnvironmentDefaults(env.GetValueOrDefault));

        // assert
        Assert.Equal("from-env", fromEnv.SystemName);
        Assert.Equal("10.0.0.2", fromEnv.Config.GetString(Hostname));
        Assert.Equal(7000, fromEnv.Config.GetInt(Port));
        Assert.Equal([Address.Parse("akka.tcp://from-env@10.0.0.3:7001"), Address.Parse("akka.tcp://from-env@10.0.0.4:7002")], fromEnv.Seeds);
        Assert.Equal(["a", "b"], fromEnv.Config.GetStringList("akka.cluster.roles"));
        Assert.Equal("from-option", fromOptions.SystemName);
        Assert.Equal(8000, fromOptions.Config.GetInt(Port));
        Assert.Equal(["c"], fromOptions.Config.GetStringList("akka.cluster.roles"));
        Assert.Equal("akka.tcp://from-option@10.0.0.3:7001", fromOptions.Seeds[0].ToString());
    }

    [Fact]
    public void Should_join_the_seeds_a_config_file_names()
    {
        // arrange
        var file = Write("""akka.cluster.seed-nodes = ["akka.tcp://actors@127.0.0.1:4053", "akka.tcp://actors@127.0.0.1:4054"]""");

        // act
        var node = NodeConfigLoader.Load(new NodeSettings { ConfigFile = file });

        // assert
        Assert.Equal(["akka.tcp://actors@127.0.0.1:4053", "akka.tcp://actors@127.0.0.1:4054"], node.Seeds.Select(s => s.ToString()));
    }

    [Theory]
    [InlineData("akka.remote.dot-netty.tcp.port = 99999", "akka.remote.dot-netty.tcp.port: '99999' is not a port number")]
    [InlineData("akka.remote.dot-netty.tcp.port = -1", "akka.remote.dot-netty.tcp.port: '-1' is not a port number")]
    [InlineData("actors.gateway.data-link.port = 70000", "actors.gateway.data-link.port: '70000' is not a port number")]
    [InlineData("actors.gateway.data-link.port = abc", "actors.gateway.data-link.port: 'abc' is not a port number")]
    [InlineData("actors.gateway.data-link.enabled = maybe", "actors.gateway.data-link.enabled: 'maybe' is not on or off")]
    public void Should_refuse_a_port_out_of_range_from_a_file_before_anything_starts(string hocon, string expected)
    {
        // arrange
        var file = Write(hocon);

        // act
        var error = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(new NodeSettings { ConfigFile = file }));

        // assert
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Should_name_the_option_when_the_port_came_from_it()
    {
        var error = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(new NodeSettings { Port = 70000 }));

        Assert.StartsWith("--port: '70000' is not a port number (0-65535", error.Message);
    }

    public void Dispose()
    {
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
