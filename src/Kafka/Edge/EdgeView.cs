using System.Collections.Concurrent;
using Actors.Kafka.Server;
using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// What this node knows of the Kafka brokers and where partitions live, as one immutable snapshot: every Up,
/// reachable member that runs a Kafka listener (by remoting address) and, per shard of the partition region, the
/// address of the node hosting it, and the members that are unreachable now (not yet removed). Replaced whole by the
/// <see cref="KafkaClusterWatcher"/>; read by handlers.
/// </summary>
public sealed record EdgeSnapshot(
    ClusterView.Broker Self,
    IReadOnlyDictionary<Address, ClusterView.Broker> Brokers,
    IReadOnlyDictionary<string, Address> ShardHosts,
    IReadOnlySet<Address> Unreachable)
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

    /// <summary>The address of the node hosting a partition's shard as last read, if known.</summary>
    public Address? HostOf(TopicName topic, int partition, int numberOfShards) =>
        ShardHosts.TryGetValue(PartitionShards.ShardOf(topic, partition, numberOfShards), out var host) ? host : null;
}

/// <summary>
/// The current <see cref="EdgeSnapshot"/>, swapped atomically by the watcher actor and read lock-free by the
/// connections' handlers (the actor owns the state; this is only its published view). It also hands out, per
/// remote node, a token that is cancelled once that node becomes unreachable or leaves, so a request waiting on a
/// partition there ends at once (the client refreshes its metadata and retries) instead of at its timeout.
/// </summary>
public sealed class EdgeView(ClusterView.Broker self)
{
    private readonly ConcurrentDictionary<Address, CancellationTokenSource> _hostWatches = new();
    private CancellationTokenSource _anyLoss = new();
    private EdgeSnapshot _current = new(self, new Dictionary<Address, ClusterView.Broker>(), new Dictionary<string, Address>(), new HashSet<Address>());

    public EdgeSnapshot Current => Volatile.Read(ref _current);

    /// <summary>
    /// Where a request for a partition goes now: lost (<see cref="PartitionRoute.IsLost"/>) when its node is
    /// unreachable (ask again once it moved), else a route whose token is cancelled when the node hosting it is lost
    /// (never for this node). Where its place is not known yet (a partition started since the placement was last
    /// read) the token is cancelled when any node is lost: the request may be waiting on that one.
    /// </summary>
    public PartitionRoute Route(TopicName topic, int partition, int numberOfShards)
    {
        var snapshot = Current;
        if (snapshot.HostOf(topic, partition, numberOfShards) is not { } host) return new PartitionRoute(null, false, Volatile.Read(ref _anyLoss).Token);
        if (snapshot.Unreachable.Contains(host)) return new PartitionRoute(host, true, new CancellationToken(true));
        var watch = _hostWatches.GetOrAdd(host, _ => new CancellationTokenSource());
        // The watcher publishes a host unreachable before it cancels its watch: read again, so a watch made just after
        // that cancel is not trusted.
        return Current.Unreachable.Contains(host) ? new PartitionRoute(host, true, new CancellationToken(true)) : new PartitionRoute(host, false, watch.Token);
    }

    internal void Publish(EdgeSnapshot snapshot) => Volatile.Write(ref _current, snapshot);

    /// <summary>The node at <paramref name="host"/> became unreachable or left: requests waiting on it end now.</summary>
    internal void Lose(Address host)
    {
        // Not disposed: requests may still register on their tokens (a cancelled one calls them at once).
        if (_hostWatches.TryRemove(host, out var watch)) watch.Cancel();
        Interlocked.Exchange(ref _anyLoss, new CancellationTokenSource()).Cancel();
    }
}

/// <summary>
/// Where a partition request goes (see <see cref="EdgeView.Route"/>): the host (null when not known), whether that
/// host is already lost, and a token cancelled when it is lost.
/// </summary>
public readonly record struct PartitionRoute(Address? Host, bool IsLost, CancellationToken HostLost);
