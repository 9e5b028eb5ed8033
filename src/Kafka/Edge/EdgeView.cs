using Actors.Kafka.Server;
using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// What this node knows of the Kafka brokers and where partitions live, as one immutable snapshot: every Up,
/// reachable member that runs a Kafka listener (by remoting address) and, per shard of the partition region, the
/// address of the node hosting it. Replaced whole by the <see cref="KafkaClusterWatcher"/>; read by handlers.
/// </summary>
public sealed record EdgeSnapshot(ClusterView.Broker Self, IReadOnlyDictionary<Address, ClusterView.Broker> Brokers, IReadOnlyDictionary<string, Address> ShardHosts)
{
    /// <summary>The brokers to list: every known one, this node always among them, in id order.</summary>
    public IReadOnlyList<ClusterView.Broker> BrokerList =>
        Brokers.Values.Append(Self).DistinctBy(b => b.NodeId).OrderBy(b => b.NodeId).ToList();

    /// <summary>
    /// The broker to name as leader of a partition: the node hosting its shard now when that node is a known broker,
    /// else this node (which forwards to the partition wherever it is, so the answer is never wrong, only longer).
    /// </summary>
    public int LeaderOf(TopicName topic, int partition, int numberOfShards) =>
        ShardHosts.TryGetValue(PartitionShards.ShardOf(topic, partition, numberOfShards), out var host) && Brokers.TryGetValue(host, out var broker)
            ? broker.NodeId
            : Self.NodeId;
}

/// <summary>
/// The current <see cref="EdgeSnapshot"/>, swapped atomically by the watcher actor and read lock-free by the
/// connections' handlers (the actor owns the state; this is only its published view).
/// </summary>
public sealed class EdgeView(ClusterView.Broker self)
{
    private EdgeSnapshot _current = new(self, new Dictionary<Address, ClusterView.Broker>(), new Dictionary<string, Address>());

    public EdgeSnapshot Current => Volatile.Read(ref _current);

    internal void Publish(EdgeSnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
