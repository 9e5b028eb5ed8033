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
        // Named topics come from the spec cache (created on the way where allowed), so a client refreshing its
        // metadata after a node died is answered while the registry's singleton moves; all topics ask the registry.
        IReadOnlyList<TopicSpec> all;
        if (request.AllTopics(context.ApiVersion))
        {
            all = await topics.ListAsync(cancellationToken);
        }
        else
        {
            var create = context.ApiVersion < 4 || request.AllowAutoTopicCreation;
            var found = await topics.FindAllAsync(request.Topics!.Select(t => t.Name), create, cancellationToken);
            all = found.Values.OfType<TopicSpec>().ToList();
        }

        var snapshot = view.Current;
        var shards = broker.Settings.NumberOfShards;
        var cluster = new ClusterView(clusterId, snapshot.Self.NodeId, snapshot.BrokerList,
            all.Select(t => new ClusterView.Topic(t.Name.Value, Enumerable.Range(0, t.Partitions).Select(p => snapshot.LeaderOf(t.Name, p, shards)).ToList())).ToList());
        return await new MetadataHandler(() => cluster).HandleAsync(context, request, cancellationToken);
    }
}
