using Actors.Kafka.Edge;
using Actors.Nodes.Configuration;

namespace Actors.Nodes.Tests.Configuration;

/// <summary>
/// How a node's Kafka listener is configured: on at 127.0.0.1:9092 by default, <c>--kafka-port N|0|off</c> (or
/// ACTORS_KAFKA_PORT) over the files, listening where remoting listens and advertising what it advertises unless
/// <c>actors.edge.kafka</c> says otherwise, and a bad port refused in one line naming where it came from.
/// </summary>
public sealed class KafkaEdgeConfigSpecs
{
    [Fact]
    public void Should_listen_on_loopback_9092_by_default()
    {
        // act
        var settings = KafkaEdgeSettings.Create(NodeConfigLoader.Load(new NodeSettings()).Config);

        // assert
        Assert.Equal((true, "127.0.0.1", 9092, "127.0.0.1", 0), (settings.Enabled, settings.Host, settings.Port, settings.AdvertisedHost, settings.AdvertisedPort));
        Assert.Equal(100 * 1024 * 1024, settings.MaxRequestSize);
    }

    [Fact]
    public void Should_take_the_port_from_the_option_or_the_environment_and_turn_off()
    {
        // act
        var option = KafkaEdgeSettings.Create(NodeConfigLoader.Load(new NodeSettings { KafkaPort = "0" }).Config);
        var env = new NodeSettings().WithEnvironmentDefaults(name => name == "ACTORS_KAFKA_PORT" ? "19092" : null);
        var fromEnv = KafkaEdgeSettings.Create(NodeConfigLoader.Load(env).Config);
        var off = KafkaEdgeSettings.Create(NodeConfigLoader.Load(new NodeSettings { KafkaPort = "off" }).Config);

        // assert
        Assert.Equal((true, 0), (option.Enabled, option.Port));
        Assert.Equal(19092, fromEnv.Port);
        Assert.False(off.Enabled);
    }

    [Fact]
    public void Should_advertise_the_public_host_and_listen_on_the_bind_host()
    {
        // act
        var settings = KafkaEdgeSettings.Create(NodeConfigLoader.Load(new NodeSettings { Host = "0.0.0.0", PublicHost = "127.0.0.1" }).Config);

        // assert
        Assert.Equal(("0.0.0.0", "127.0.0.1"), (settings.Host, settings.AdvertisedHost));
    }

    [Theory]
    [InlineData("--kafka-port", "abc")]
    [InlineData("ACTORS_KAFKA_PORT", "70000")]
    public void Should_refuse_a_port_that_is_not_one(string source, string value)
    {
        // act
        var error = Assert.Throws<NodeConfigException>(() => NodeSettings.CheckedKafkaPort(value, source));

        // assert
        Assert.Equal($"{source}: '{value}' is not a port number (0-65535; 0 picks a free one) or off", error.Message);
    }
}
