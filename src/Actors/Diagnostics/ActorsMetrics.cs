using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Actors.Diagnostics;

/// <summary>
/// The instruments of the <c>Actors</c> meter. Recorded per batch where a batch exists (a journal write, a delivery
/// pass), with tag arrays each partition or link builds once (<see cref="MessagingTags"/>): no allocation per message.
/// The observable ones read snapshots the actors replace (<see cref="ConsumerLag"/>, <see cref="NodeCounts"/>), never
/// actor state.
/// </summary>
internal static class ActorsMetrics
{
    private static readonly Meter Meter = ActorsTelemetry.Meter;

    public static readonly Counter<long> PublishedMessages = Meter.CreateCounter<long>("actors.partition.published.messages", "{message}",
        "Messages written to a partition's journal (server side, counted per journal write).");

    public static readonly Counter<long> PublishedBytes = Meter.CreateCounter<long>("actors.partition.published.bytes", "By",
        "Bytes (payload, key, headers) of the messages written to a partition's journal.");

    public static readonly Counter<long> DeliveredMessages = Meter.CreateCounter<long>("actors.partition.delivered.messages", "{message}",
        "Deliveries a partition sent to a consumer group's consumer, redeliveries included.");

    public static readonly Counter<long> DeliveredBytes = Meter.CreateCounter<long>("actors.partition.delivered.bytes", "By",
        "Bytes of the deliveries a partition sent to a consumer group's consumer.");

    public static readonly Counter<long> Redelivered = Meter.CreateCounter<long>("actors.partition.redelivered.messages", "{message}",
        "Deliveries that were a second or later attempt (nacked, or not acked within the visibility timeout).");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("actors.partition.dead_lettered.messages", "{message}",
        "Messages a group gave up on after max-delivery-attempts (moved to the dead-letter topic, or dropped without one).");

    public static readonly Counter<long> RetentionDropped = Meter.CreateCounter<long>("actors.partition.retention_dropped.messages", "{message}",
        "Messages retention deleted from a partition (age, count or bytes).");

    public static readonly Histogram<double> JournalWriteDuration = Meter.CreateHistogram<double>("actors.journal.write.duration", "s",
        "From handing a batch of messages to the journal to its confirm.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    public static readonly Histogram<long> JournalBatchSize = Meter.CreateHistogram<long>("actors.journal.batch.size", "{message}",
        "Messages per journal write of a partition.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] });

    public static readonly Counter<long> SentMessages = Meter.CreateCounter<long>("messaging.client.sent.messages", "{message}",
        "Messages a client (in-process or through a gateway) published and had confirmed.");

    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>("messaging.client.operation.duration", "s",
        "Publish to confirm: from a client taking a message to the partition confirming it durable (messaging.operation.name = publish).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static readonly Counter<long> ConsumedMessages = Meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}",
        "Deliveries a consumer group member passed to its consumer.");

    public static readonly UpDownCounter<long> GatewaySessions = Meter.CreateUpDownCounter<long>("actors.gateway.sessions", "{session}",
        "Clients connected to this node's gateway.");

    static ActorsMetrics()
    {
        Meter.CreateObservableGauge("actors.consumer.lag", ConsumerLag.Observe, "{message}",
            "Messages of a partition a consumer group has not committed yet (end offset - committed offset).");
        Meter.CreateObservableGauge("actors.partitions.hosted", () => NodeCounts.Observe(n => n.Partitions), "{partition}",
            "Partitions whose actor runs on this node.");
        Meter.CreateObservableGauge("actors.groups.hosted", () => NodeCounts.Observe(n => n.Groups), "{group}",
            "Consumer group coordinators running on this node.");
        Meter.CreateObservableGauge("actors.cluster.members", ClusterMembers.Observe, "{member}",
            "Cluster members by status (actors.member.status) as this node sees them; unreachable ones also counted under actors.member.reachable = false.");
    }

    /// <summary>Touches the class so its observable instruments exist before a listener's first collection.</summary>
    public static void EnsureCreated()
    {
    }
}

/// <summary>The gateway's sessions (a logged-in client each, with authentication on), counted by the node's gateway.</summary>
public static class GatewayMetrics
{
    public static void SessionStarted() => ActorsMetrics.GatewaySessions.Add(1);

    public static void SessionEnded() => ActorsMetrics.GatewaySessions.Add(-1);
}

/// <summary>Tag arrays built once per topic, partition or group, shared by every record of that key.</summary>
internal static class MessagingTags
{
    public const string System = "messaging.system";
    public const string Destination = "messaging.destination.name";
    public const string Partition = "messaging.destination.partition.id";
    public const string Group = "messaging.consumer.group.name";
    public const string Operation = "messaging.operation.name";
    public const string OperationType = "messaging.operation.type";
    public const string Node = "actors.node";

    private static readonly ConcurrentDictionary<string, KeyValuePair<string, object?>[]> TopicTags = new();
    private static readonly ConcurrentDictionary<string, KeyValuePair<string, object?>[]> PublishTags = new();

    public static KeyValuePair<string, object?>[] ForTopic(string topic) =>
        TopicTags.GetOrAdd(topic, t => [new(System, ActorsTelemetry.MessagingSystem), new(Destination, t)]);

    /// <summary>A client's publish: the operation, so the duration histogram reads as the semantic conventions' one.</summary>
    public static KeyValuePair<string, object?>[] ForPublish(string topic) =>
        PublishTags.GetOrAdd(topic, t => [new(System, ActorsTelemetry.MessagingSystem), new(Destination, t), new(Operation, "publish"), new(OperationType, "send")]);

    public static KeyValuePair<string, object?>[] ForPartition(string topic, int partition) =>
        [new(System, ActorsTelemetry.MessagingSystem), new(Destination, topic), new(Partition, partition.ToString(CultureInfo.InvariantCulture))];

    public static KeyValuePair<string, object?>[] ForGroup(string topic, int partition, string group) =>
        [new(System, ActorsTelemetry.MessagingSystem), new(Destination, topic), new(Partition, partition.ToString(CultureInfo.InvariantCulture)), new(Group, group)];
}

/// <summary>
/// Consumer lag per group and partition, as the partition actors last published it: each replaces its entries with
/// immutable ones (on its delivery tick, only when changed) and removes them when it stops; the gauge only reads.
/// </summary>
internal static class ConsumerLag
{
    private static readonly ConcurrentDictionary<(string Topic, int Partition, string Group), Entry> Entries = new();

    public sealed record Entry(long Lag, KeyValuePair<string, object?>[] Tags);

    public static void Publish(string topic, int partition, string group, long lag, KeyValuePair<string, object?>[] tags)
    {
        var key = (topic, partition, group);
        if (Entries.TryGetValue(key, out var known) && known.Lag == lag && ReferenceEquals(known.Tags, tags)) return;
        Entries[key] = new Entry(lag, tags);
    }

    public static void Remove(string topic, int partition, string group) => Entries.TryRemove((topic, partition, group), out _);

    public static long? Read(string topic, int partition, string group) => Entries.TryGetValue((topic, partition, group), out var e) ? e.Lag : null;

    public static IEnumerable<Measurement<long>> Observe()
    {
        foreach (var entry in Entries.Values) yield return new Measurement<long>(entry.Lag, entry.Tags);
    }
}

/// <summary>Partitions and group coordinators running per node (an address each, several in one process in specs).</summary>
internal sealed class NodeCounts
{
    private static readonly ConcurrentDictionary<string, NodeCounts> Nodes = new();
    private int _partitions;
    private int _groups;

    private NodeCounts(string node) => Tags = [new(MessagingTags.Node, node)];

    public KeyValuePair<string, object?>[] Tags { get; }

    public int Partitions => Volatile.Read(ref _partitions);

    public int Groups => Volatile.Read(ref _groups);

    public static NodeCounts For(ActorSystem system) => Nodes.GetOrAdd(NodeName(system), n => new NodeCounts(n));

    public static string NodeName(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();

    public void PartitionStarted() => Interlocked.Increment(ref _partitions);

    public void PartitionStopped() => Interlocked.Decrement(ref _partitions);

    public void GroupStarted() => Interlocked.Increment(ref _groups);

    public void GroupStopped() => Interlocked.Decrement(ref _groups);

    public static IEnumerable<Measurement<int>> Observe(Func<NodeCounts, int> read)
    {
        foreach (var node in Nodes.Values) yield return new Measurement<int>(read(node), node.Tags);
    }
}

/// <summary>Cluster members by status, read from each registered node's Akka.Cluster state (an immutable snapshot) at collection.</summary>
internal static class ClusterMembers
{
    private static readonly ConcurrentDictionary<ActorSystem, string> Systems = new();

    public static void Register(ActorSystem system)
    {
        ActorsMetrics.EnsureCreated();
        if (!Systems.TryAdd(system, NodeCounts.NodeName(system))) return;
        system.RegisterOnTermination(() => Systems.TryRemove(system, out _));
    }

    public static IEnumerable<Measurement<int>> Observe()
    {
        var measurements = new List<Measurement<int>>();
        foreach (var (system, node) in Systems)
        {
            Akka.Cluster.ClusterEvent.CurrentClusterState state;
            try
            {
                state = Akka.Cluster.Cluster.Get(system).State;
            }
            catch (Exception)
            {
                continue; // terminating
            }

            foreach (var group in state.Members.GroupBy(m => m.Status))
            {
                var unreachable = group.Count(state.Unreachable.Contains);
                measurements.Add(new Measurement<int>(group.Count() - unreachable, Tags(node, group.Key, reachable: true)));
                if (unreachable > 0) measurements.Add(new Measurement<int>(unreachable, Tags(node, group.Key, reachable: false)));
            }
        }

        return measurements;
    }

    private static KeyValuePair<string, object?>[] Tags(string node, Akka.Cluster.MemberStatus status, bool reachable) =>
        [new(MessagingTags.Node, node), new("actors.member.status", status.ToString().ToLowerInvariant()), new("actors.member.reachable", reachable)];
}

/// <summary>Stopwatch ticks to seconds.</summary>
internal static class Elapsed
{
    public static double Seconds(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
}
