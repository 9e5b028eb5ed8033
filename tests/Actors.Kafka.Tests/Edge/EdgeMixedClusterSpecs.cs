using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// A cluster where one node runs no Kafka listener: Metadata lists only the nodes that do, and a partition hosted
/// on the node without one is led, as far as clients know, by the node they asked (which forwards to it).
/// </summary>
public sealed class EdgeMixedClusterSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TopicName Topic = new("mixed");
    private readonly EdgeFixture _edge = new("edge-mixed", output);

    public async Task InitializeAsync()
    {
        await _edge.StartAsync(1, "with-kafka", "without");
        await Broker.Get(_edge.Nodes[0]).Client.CreateTopicAsync(Topic, 8, EdgeFixture.Wait);
    }

    public Task DisposeAsync() => _edge.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_list_only_listeners_and_lead_the_others_partitions_itself()
    {
        // arrange
        var self = _edge.Edges[0].Self.NodeId;
        await using var client = await _edge.ConnectAsync();
        var hosts = await Broker.Get(_edge.Nodes[0]).Client.DescribePartitionsAsync(Topic, EdgeFixture.Wait);
        _edge.Cluster.Log($"hosts: {string.Join(", ", hosts.Select(h => h.Node))}");

        // act: past a few placement refreshes, so the watcher has asked the other node for its (missing) listener
        MetadataResponse metadata = null!;
        await _edge.Cluster.UntilAsync(async () =>
        {
            metadata = await EdgeFixture.AskAsync<MetadataResponse>(client, new MetadataRequest { Topics = [new() { Name = Topic.Value }] }, 8);
            return metadata.Topics[0].Partitions.Count == 8;
        }, "metadata describes the topic");

        // assert
        Assert.Equal([self], metadata.Brokers.Select(b => b.NodeId));
        Assert.All(metadata.Topics[0].Partitions, p => Assert.Equal(self, p.LeaderId));
    }
}
