using Actors.Consumers;
using Actors.Gateway;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// The topic protocol's endpoints outside the cluster: every request goes to the gateway of the node the client talks
/// to now (<see cref="GatewaySwitch.Current"/>), which forwards it; a consumer joins with <see cref="OpenConsumer"/>.
/// It implements the core's internal <see cref="ITopicEndpoints"/>, so it stays here behind
/// <see cref="TopicClient.Through(ActorSystem, GatewaySwitch)"/> rather than in the client library, which sees only the public API.
/// </summary>
internal sealed class GatewayEndpoints(ActorSystem system, GatewaySwitch gateway) : ITopicEndpoints
{
    public ActorSystem System => system;

    public TopicsSettings Settings { get; } = TopicsSettings.Create(system);

    public IActorRef Registry => gateway.Current;

    public IActorRef Partitions => gateway.Current;

    public IActorRef Groups => gateway.Current;

    public IActorRef TopicRef(TopicName topic) => gateway.Current;

    /// <summary>On the data link while one is open (see <see cref="DataLink"/>), else through the gateway.</summary>
    public void SendBatch(Partitions.PublishBatch batch, IActorRef producer)
    {
        if (gateway.Link is { } link && link.TrySend(batch, producer)) return;
        gateway.Current.Tell(batch, producer);
    }

    public void Open(ConsumerSettings settings, IActorRef target) =>
        gateway.Current.Tell(new OpenConsumer(settings.Topic, settings.Group, settings.Prefetch, settings.StartFrom, target));

    public void ListenForNodeChanges(IActorRef listener) => gateway.Listen(listener);
}
