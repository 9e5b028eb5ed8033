using System.Net;
using System.Net.Sockets;
using Actors.Nodes.Configuration;
using Actors.Nodes.Hosting;

namespace Actors.Nodes.Tests.Hosting;

/// <summary>The check a node makes on each of its listeners before it starts: a taken port is one line, a free one passes.</summary>
public sealed class NodeListenersSpecs
{
    [Fact]
    public void Should_name_a_port_another_socket_listens_on()
    {
        // arrange
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        // act
        var onLoopback = Assert.Throws<NodeConfigException>(() => NodeListeners.EnsureFree([new DnsEndPoint("127.0.0.1", port)]));
        var onEvery = Assert.Throws<NodeConfigException>(() => NodeListeners.EnsureFree([new DnsEndPoint("0.0.0.0", port)]));

        // assert
        Assert.Equal($"127.0.0.1:{port} is already in use", onLoopback.Message);
        Assert.Equal($"0.0.0.0:{port} is already in use", onEvery.Message);
    }

    [Fact]
    public void Should_pass_a_free_port_and_leave_it_free()
    {
        // arrange
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        // act
        NodeListeners.EnsureFree([new DnsEndPoint("127.0.0.1", port)]);

        // assert
        using var after = new TcpListener(IPAddress.Loopback, port);
        after.Start();
    }

    [Fact]
    public void Should_list_remoting_s_port_kafka_s_and_http_s_but_not_port_0()
    {
        Assert.Equal([new DnsEndPoint("127.0.0.1", 4053), new DnsEndPoint("127.0.0.1", 9092), new DnsEndPoint("127.0.0.1", 8558)],
            NodeListeners.Of(NodeConfigLoader.Layer(new NodeSettings()).Config));
        Assert.Empty(NodeListeners.Of(NodeConfigLoader.Layer(new NodeSettings { Port = 0, KafkaPort = "0", HttpPort = "0" }).Config));
        Assert.Equal([new DnsEndPoint("127.0.0.1", 4053)], NodeListeners.Of(NodeConfigLoader.Layer(new NodeSettings { KafkaPort = "off", HttpPort = "off" }).Config));
    }

    [Fact]
    public void Should_list_the_data_links_port_when_it_is_fixed()
    {
        // arrange
        var file = Path.Combine(Directory.CreateTempSubdirectory("actors-listeners-").FullName, "links.conf");
        File.WriteAllText(file, "actors.gateway.data-link.port = 4060");

        // act
        var listeners = NodeListeners.Of(NodeConfigLoader.Layer(new NodeSettings { KafkaPort = "off", HttpPort = "off", ConfigFile = file }).Config);

        // assert
        Assert.Equal([new DnsEndPoint("127.0.0.1", 4053), new DnsEndPoint("127.0.0.1", 4060)], listeners);
    }
}
