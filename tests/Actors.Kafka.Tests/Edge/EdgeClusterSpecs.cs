using Actors.Kafka.Records;
using Actors.Kafka.Server;
using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// The edge on a three-node cluster: Metadata from any node lists every node's listener as a broker (ids stable per
/// address) and names as each partition's leader the node hosting it; any node serves any partition (a produce on
/// one node, a fetch on another); after a node crashes its broker disappears and the leaders move with the partitions.
/// </summary>
public sealed class EdgeClusterSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Partitions = 6;
    private static readonly TopicName Topic = new("spread");
    private readonly EdgeFixture _edge = new("edge-cluster", output);

    public async Task InitializeAsync()
    {
        await _edge.StartAsync("a", "b", "c");
        await Broker.Get(_edge.Nodes[0]).Client.CreateTopicAsync(Topic, Partitions, EdgeFixture.Wait);
    }

    public Task DisposeAsync() => _edge.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_list_every_broker_name_hosts_as_leaders_and_follow_a_crash()
    {
        // arrange
        var brokers = _edge.Edges.Select(e => e.Self.NodeId).ToList();
        Assert.Equal(3, brokers.Distinct().Count());
        await using var client = await _edge.ConnectAsync(0);

        // act + assert: every broker listed, each partition's leader its host
        await _edge.Cluster.UntilAsync(async () => await LeadersAreHostsAsync(client, brokers), "metadata lists 3 brokers and every partition's host as its leader");

        // act: produce on node b to every partition, fetch on node a
        await using var other = await _edge.ConnectAsync(1);
        for (var p = 0; p < Partitions; p++) await ProduceAsync(other, p, $"m{p}");
        var fetched = await FetchAllAsync(client);

        // assert
        Assert.Equal(Enumerable.Range(0, Partitions).Select(p => $"m{p}"), fetched.Order());

        // act: node c crashes
        await _edge.CrashAsync(2);

        // assert: its broker is gone and the leaders follow the partitions to their new hosts
        await _edge.Cluster.UntilAsync(async () => await LeadersAreHostsAsync(client, brokers[..2]), "metadata lists 2 brokers and the partitions' new hosts");
        Assert.Equal(Enumerable.Range(0, Partitions).Select(p => $"m{p}"), (await FetchAllAsync(client)).Order());
    }

    /// <summary>Whether Metadata lists exactly <paramref name="expected"/> and names each partition's host now (asking wakes every partition).</summary>
    private async Task<bool> LeadersAreHostsAsync(RawClient client, IReadOnlyList<int> expected)
    {
        var hosts = await Broker.Get(_edge.Nodes[0]).Client.DescribePartitionsAsync(Topic, TimeSpan.FromSeconds(5));
        var metadata = await EdgeFixture.AskAsync<MetadataResponse>(client, new MetadataRequest { Topics = [new() { Name = Topic.Value }] }, 8);
        var leaders = metadata.Topics.Single().Partitions.OrderBy(p => p.PartitionIndex).Select(p => p.LeaderId).ToList();
        var expectedLeaders = hosts.OrderBy(h => h.Status.Partition).Select(h => BrokerIds.Of(Address.Parse(h.Node))).ToList();
        output.WriteLine($"brokers [{string.Join(",", metadata.Brokers.Select(b => b.NodeId))}] leaders [{string.Join(",", leaders)}] hosts [{string.Join(",", expectedLeaders)}]");
        return metadata.Brokers.Select(b => b.NodeId).Order().SequenceEqual(expected.Order()) && leaders.SequenceEqual(expectedLeaders);
    }

    private static async Task ProduceAsync(RawClient client, int partition, string key)
    {
        var batch = RecordBatch.Of([new KafkaRecord(0, 0, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(key), [])]);
        var response = await EdgeFixture.AskAsync<ProduceResponse>(client, new ProduceRequest
        {
            TopicData = [new ProduceRequest.Topic { Name = Topic.Value, PartitionData = [new() { Index = partition, Records = RecordBatchWriter.ToBytes(batch) }] }],
        }, 8);
        Assert.Equal(0, response.Responses[0].PartitionResponses[0].ErrorCode);
    }

    private static async Task<List<string>> FetchAllAsync(RawClient client)
    {
        var response = await EdgeFixture.AskAsync<FetchResponse>(client, new FetchRequest
        {
            MaxBytes = 1024 * 1024,
            Topics = [new FetchRequest.Topic { Name = Topic.Value, Partitions = Enumerable.Range(0, Partitions).Select(p => new FetchRequest.Partition { PartitionIndex = p, PartitionMaxBytes = 65536 }).ToList() }],
        }, 11);
        return response.Responses.SelectMany(t => t.Partitions)
            .SelectMany(p => RecordBatchReader.ReadAll(p.Records ?? ReadOnlyMemory<byte>.Empty).SelectMany(b => b.Records))
            .Select(r => Encoding.UTF8.GetString(r.Key!.Value.Span)).ToList();
    }
}
