namespace Actors.Kafka.Server;

/// <summary>
/// Answers Metadata from a <see cref="ClusterView"/> that a function supplies at each request (a fixed list in
/// specs, the node's live view when wired): every broker, and the asked-for topics (all when the request says so)
/// with each partition's leader as its only replica, since a partition lives on one node at a time. A topic that
/// does not exist is answered UNKNOWN_TOPIC_OR_PARTITION; topics are not created by Metadata.
/// </summary>
public sealed class MetadataHandler(Func<ClusterView> view) : IKafkaHandler<MetadataRequest, MetadataResponse>
{
    public ValueTask<MetadataResponse> HandleAsync(KafkaRequestContext context, MetadataRequest request, CancellationToken cancellationToken)
    {
        var cluster = view();
        var known = cluster.Topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var names = request.AllTopics(context.ApiVersion)
            ? cluster.Topics.Select(t => t.Name)
            : request.Topics!.Select(t => t.Name).Distinct(StringComparer.Ordinal);
        return ValueTask.FromResult(new MetadataResponse
        {
            ClusterId = cluster.ClusterId,
            ControllerId = cluster.ControllerId,
            Brokers = cluster.Brokers.Select(b => new MetadataResponse.Broker { NodeId = b.NodeId, Host = b.Host, Port = b.Port, Rack = b.Rack }).ToList(),
            Topics = names.Select(name => known.TryGetValue(name, out var topic) ? Describe(topic) : Unknown(name)).ToList(),
        });
    }

    private static MetadataResponse.Topic Describe(ClusterView.Topic topic) => new()
    {
        Name = topic.Name,
        Partitions = topic.PartitionLeaders.Select((leader, index) => new MetadataResponse.Partition
        {
            PartitionIndex = index,
            LeaderId = leader,
            ErrorCode = leader < 0 ? (short)ErrorCode.LeaderNotAvailable : (short)0,
            ReplicaNodes = leader < 0 ? [] : [leader],
            IsrNodes = leader < 0 ? [] : [leader],
        }).ToList(),
    };

    private static MetadataResponse.Topic Unknown(string name) =>
        new() { Name = name, ErrorCode = (short)ErrorCode.UnknownTopicOrPartition };
}
