using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

/// <summary>
/// A partition's operator side: its description names the node hosting it with its offsets, and a partition the
/// topic does not have (a node still routing by the partition count of a deleted topic) refuses publishes instead
/// of keeping them where no consumer reads.
/// </summary>
public sealed class PartitionAdminSpecs(ITestOutputHelper output) : BrokerSpec(output)
{
    [Fact]
    public async Task Should_describe_each_partition_with_the_node_hosting_it()
    {
        // arrange
        await CreateTopic("described", partitions: 2);
        await PublishAll("described", Enumerable.Range(0, 6).Select(i => ((string?)null, $"m{i}")));

        // act
        var partitions = await Broker.Client.DescribePartitionsAsync(new TopicName("described"));

        // assert
        Assert.Equal([0, 1], partitions.Select(p => p.Status.Partition));
        Assert.All(partitions, p => Assert.Equal(Akka.Cluster.Cluster.Get(Sys).SelfAddress.ToString(), p.Node));
        Assert.Equal(6, partitions.Sum(p => p.Status.EndOffset));
    }

    [Fact]
    public async Task Should_refuse_a_publish_to_a_partition_the_topic_does_not_have()
    {
        // arrange
        await CreateTopic("narrow", partitions: 2);
        var message = new TopicMessage("k", [1], TopicMessage.NoHeaders, default);

        // act: what a topic ref holding a stale spec of four partitions would send
        Broker.Partitions.Tell(new Append(new TopicName("narrow"), 3, message, CorrelationId: 9));

        // assert
        var rejected = ExpectMsg<PublishRejected>(Wait);
        Assert.Equal((9L, "topic 'narrow' has 2 partitions, so no partition 3"), (rejected.CorrelationId, rejected.Reason));
        Assert.Equal(0, (await Broker.Client.GetStatusAsync(new TopicName("narrow"))).Sum(p => p.EndOffset));
    }
}
