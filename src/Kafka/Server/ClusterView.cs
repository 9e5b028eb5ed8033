namespace Actors.Kafka.Server;

/// <summary>
/// What Metadata tells clients: the cluster id, the brokers (every node running a Kafka listener, each with a broker
/// id stable for its address), which broker plays controller, and each topic's partitions with their leader. A node
/// builds it from cluster membership and where partitions are hosted; specs give a fixed one.
/// </summary>
public sealed record ClusterView(
    string ClusterId,
    int ControllerId,
    IReadOnlyList<ClusterView.Broker> Brokers,
    IReadOnlyList<ClusterView.Topic> Topics)
{
    /// <summary>A broker clients may connect to.</summary>
    public sealed record Broker(int NodeId, string Host, int Port, string? Rack = null);

    /// <summary>A topic and the broker leading each of its partitions (index = partition).</summary>
    public sealed record Topic(string Name, IReadOnlyList<int> PartitionLeaders);
}
