using Actors.Consumers;
using Actors.Gateway;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// The topic protocol's endpoints outside the cluster: every request goes to one node's gateway, which forwards
/// it; a consumer joins with <see cref="OpenConsumer"/>. It implements the core's internal
/// <see cref="ITopicEndpoints"/>, so it stays here behind <see cref="TopicClient.Through"/> rather than in the
/// client library, which sees only the public API.
/// </summary>
internal sealed class GatewayEndpoints(ActorSystem system, IActorRef gateway) : ITopicEndpoints
{
    public ActorSystem System => system;

    public TopicsSettings Settings { get; } = TopicsSettings.Create(system);

    public IActorRef Registry => gateway;

    public IActorRef Partitions => gateway;

    public IActorRef Groups => gateway;

    public IActorRef TopicRef(TopicName topic) => gateway;

    public void Open(ConsumerSettings settings, IActorRef target) =>
        gateway.Tell(new OpenConsumer(settings.Topic, settings.Group, settings.Prefetch, settings.StartFrom, target));
}
