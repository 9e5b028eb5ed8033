using Actors.Kafka.Server;
using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// A request waiting on a partition whose node is lost ends at once (the handlers answer NOT_LEADER_OR_FOLLOWER and
/// the client retries on the partition's next host), not at its timeout; one for a partition on a node already
/// unreachable is not sent at all.
/// </summary>
public sealed class PartitionAskSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private const int Shards = 10;
    private static readonly TopicName Topic = new("orders");
    private static readonly Address Remote = new("akka.tcp", "actors", "10.0.0.2", 4053);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private readonly EdgeView _view = new(new ClusterView.Broker(1, "127.0.0.1", 9092));

    [Fact]
    public async Task Should_end_a_waiting_ask_as_lost_when_the_partitions_node_is_lost()
    {
        // arrange: partition 3 lives on the remote node, which never answers
        var partitions = CreateTestProbe();
        Place(Remote, unreachable: false);
        var ask = _view.AskPartitionAsync<object>(partitions.Ref, Shards, Topic, 3, "read", Long, CancellationToken.None);
        partitions.ExpectMsg("read");

        // act
        _view.Lose(Remote);

        // assert: ended by the loss, long before the five-minute timeout
        var lost = await Assert.ThrowsAsync<PartitionLostException>(() => ask.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("10.0.0.2", lost.Message);
    }

    [Fact]
    public async Task Should_not_send_to_a_partition_whose_node_is_unreachable()
    {
        // arrange
        var partitions = CreateTestProbe();
        Place(Remote, unreachable: true);

        // act
        var ask = _view.AskPartitionAsync<object>(partitions.Ref, Shards, Topic, 3, "read", Long, CancellationToken.None);

        // assert
        await Assert.ThrowsAsync<PartitionLostException>(() => ask.WaitAsync(TimeSpan.FromSeconds(30)));
        partitions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Should_ask_as_usual_where_the_partition_is_unknown_or_its_node_came_back()
    {
        // arrange: first nothing is known of the placement
        var partitions = CreateTestProbe();
        var unknown = _view.AskPartitionAsync<string>(partitions.Ref, Shards, Topic, 3, "first", Long, CancellationToken.None);
        partitions.ExpectMsg("first");
        partitions.Reply("one");
        Assert.Equal("one", await unknown.WaitAsync(TimeSpan.FromSeconds(30)));

        // act: the remote node was lost once, then is reachable again and hosts the partition
        Place(Remote, unreachable: true);
        _view.Lose(Remote);
        Place(Remote, unreachable: false);
        var again = _view.AskPartitionAsync<string>(partitions.Ref, Shards, Topic, 3, "second", Long, CancellationToken.None);
        partitions.ExpectMsg("second");
        partitions.Reply("two");

        // assert
        Assert.Equal("two", await again.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Should_end_a_waiting_ask_whose_partition_place_is_not_known_when_any_node_is_lost()
    {
        // arrange: no placement read yet (the partition started since)
        var partitions = CreateTestProbe();
        var ask = _view.AskPartitionAsync<object>(partitions.Ref, Shards, Topic, 3, "read", Long, CancellationToken.None);
        partitions.ExpectMsg("read");

        // act
        _view.Lose(Remote);

        // assert: it may have been waiting on that node
        await Assert.ThrowsAsync<PartitionLostException>(() => ask.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Should_end_as_cancelled_not_lost_when_the_caller_cancels()
    {
        // arrange
        var partitions = CreateTestProbe();
        Place(Remote, unreachable: false);
        using var caller = new CancellationTokenSource();
        var ask = _view.AskPartitionAsync<object>(partitions.Ref, Shards, Topic, 3, "read", Long, caller.Token);
        partitions.ExpectMsg("read");

        // act
        await caller.CancelAsync();

        // assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private void Place(Address host, bool unreachable)
    {
        var current = _view.Current;
        var hosts = new Dictionary<string, Address> { [PartitionShards.ShardOf(Topic, 3, Shards)] = host };
        _view.Publish(current with { ShardHosts = hosts, Unreachable = unreachable ? new HashSet<Address> { host } : new HashSet<Address>() });
    }
}
