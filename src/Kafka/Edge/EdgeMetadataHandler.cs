using Actors.Kafka.Server;
using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// Metadata, live: the brokers and leaders of the node's <see cref="EdgeView"/> and the topics of the registry,
/// answered by the listener's <see cref="MetadataHandler"/>. A topic asked for by name that does not exist is
/// created first when the client allows it (<c>allow.auto.create.topics</c>; always before v4) and
/// <c>actors.topics.auto-create</c> is on, as a Kafka broker with auto-creation does: producers such as kcat ask
/// Metadata for a topic before they produce to it.
/// </summary>
public sealed class EdgeMetadataHandler(Broker broker, EdgeTopics topics, EdgeView view, string clusterId) : IKafkaHandler<MetadataRequest, MetadataResponse>
{
    public async ValueTask<MetadataResponse> HandleAsync(KafkaRequestContext context, MetadataRequest request, CancellationToken cancellationToken)
    {
        var all = await topics.ListAsync(cancellationToken);
        if (!request.AllTopics(context.ApiVersion) && (context.ApiVersion < 4 || request.AllowAutoTopicCreation) && broker.Settings.AutoCreate)
        {
            var known = all.Select(t => t.Name.Value).ToHashSet(StringComparer.Ordinal);
            var missing = request.Topics!.Select(t => t.Name).Where(n => !known.Contains(n) && TopicName.IsValid(n)).ToList();
            if (missing.Count > 0)
            {
                await topics.FindAllAsync(missing, create: true, cancellationToken);
                all = await topics.ListAsync(cancellationToken);
            }
        }

        var snapshot = view.Current;
        var shards = broker.Settings.NumberOfShards;
        var cluster = new ClusterView(clusterId, snapshot.Self.NodeId, snapshot.BrokerList,
            all.Select(t => new ClusterView.Topic(t.Name.Value, Enumerable.Range(0, t.Partitions).Select(p => snapshot.LeaderOf(t.Name, p, shards)).ToList())).ToList());
        return await new MetadataHandler(() => cluster).HandleAsync(context, request, cancellationToken);
    }
}
