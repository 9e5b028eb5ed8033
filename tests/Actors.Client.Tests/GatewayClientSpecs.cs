using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Client.Tests;

/// <summary>A client outside the cluster reaches a node through its gateway: publish, list, status, consume with acks.</summary>
public sealed class GatewayClientSpecs(NodeFixture node, ITestOutputHelper output) : TestKit(output: output), IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_publish_list_and_report_status_through_the_gateway()
    {
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        await client.Topics.CreateTopicAsync(new TopicName("remote"), 2);
        var acks = new List<PublishAck>();
        for (var i = 0; i < 10; i++)
            acks.Add(await client.Topics.PublishAsync(new TopicName("remote"), "x"u8.ToArray(), key: $"k{i}"));

        Assert.Equal(10, acks.Select(a => (a.Partition, a.Offset)).Distinct().Count());
        Assert.Contains(await client.Topics.ListTopicsAsync(), t => t.Name.Value == "remote" && t.Partitions == 2);
        var status = await client.Topics.GetStatusAsync(new TopicName("remote"));
        Assert.Equal(10, status.Sum(p => p.EndOffset - p.StartOffset));
    }

    [Fact]
    public async Task Should_deliver_to_a_consumer_outside_the_cluster_and_take_its_acks()
    {
        await node.Broker.Client.CreateTopicAsync(new TopicName("remote-consume"), 1);
        foreach (var body in new[] { "one", "two" })
            await node.Broker.Client.PublishAsync(new TopicName("remote-consume"), System.Text.Encoding.UTF8.GetBytes(body), "a");
        await using var client = await GatewayClient.ConnectAsync(node.Endpoint, node.System.Name, Wait);
        var consumer = new Akka.TestKit.TestProbe(client.System, new Akka.TestKit.Xunit2.XunitAssertions());

        var member = await client.OpenConsumerAsync(new TopicName("remote-consume"), new GroupName("cli"), consumer.Ref, 10, StartFrom.Earliest, Wait);
        var first = consumer.ExpectMsg<Delivery>(Wait);
        var second = consumer.ExpectMsg<Delivery>(Wait);
        Assert.Equal(["one", "two"], [Body(first), Body(second)]);
        member.Tell(first.ToAck());
        member.Tell(second.ToAck());

        await AwaitAssertAsync(async () =>
        {
            var status = await node.Broker.Client.GetStatusAsync(new TopicName("remote-consume"));
            Assert.Equal(2, status.Single().Groups.Single(g => g.Group.Value == "cli").CommittedOffset);
        }, Wait);
    }

    [Fact]
    public async Task Should_fail_with_one_line_when_no_node_answers()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<ConnectionException>(() => GatewayClient.ConnectAsync($"127.0.0.1:{port}", "actors", TimeSpan.FromSeconds(2)));
        Assert.StartsWith($"cannot reach a node at 127.0.0.1:{port}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Should_name_the_system_when_the_node_runs_another_one()
    {
        var error = await Assert.ThrowsAsync<ConnectionException>(() => GatewayClient.ConnectAsync(node.Endpoint, "not-" + node.System.Name, TimeSpan.FromSeconds(5)));
        Assert.Contains($"'not-{node.System.Name}'", error.Message);
    }

    private static string Body(Delivery delivery) => System.Text.Encoding.UTF8.GetString(delivery.Message.Payload);
}
