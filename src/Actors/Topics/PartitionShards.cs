using Actors.Partitions;

namespace Actors.Topics;

/// <summary>
/// Which shard of the partition region (<see cref="Broker.PartitionTypeName"/>) holds a partition, by the same
/// extractor sharding routes with: a door that tells clients where each partition lives (the Kafka edge's leaders)
/// matches this against sharding's shard-to-node statistics.
/// </summary>
public static class PartitionShards
{
    /// <summary>The shard id of <paramref name="partition"/> of <paramref name="topic"/> with <paramref name="numberOfShards"/> shards (<c>actors.topics.number-of-shards</c>).</summary>
    public static string ShardOf(TopicName topic, int partition, int numberOfShards) =>
        new PartitionMessageExtractor(numberOfShards).ShardId(PartitionActor.EntityId(topic, partition), null)!;
}
