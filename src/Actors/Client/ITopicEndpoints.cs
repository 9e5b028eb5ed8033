using Actors.Consumers;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// Where the topic protocol's messages go: on a node, the broker's own actors; outside the cluster, the
/// gateway of a node, which forwards them. <see cref="TopicClient"/> works the same over either.
/// </summary>
internal interface ITopicEndpoints
{
    ActorSystem System { get; }

    TopicsSettings Settings { get; }

    /// <summary>Takes <see cref="CreateTopic"/>, <see cref="GetTopic"/> and <see cref="ListTopics"/>.</summary>
    IActorRef Registry { get; }

    /// <summary>Takes every partition command.</summary>
    IActorRef Partitions { get; }

    /// <summary>Takes the group coordinators' operator requests (<see cref="DescribeGroup"/>, <see cref="ResetGroup"/>).</summary>
    IActorRef Groups { get; }

    /// <summary>Sends a producer's batch to its partition; its confirms come back to <paramref name="producer"/>.</summary>
    void SendBatch(Partitions.PublishBatch batch, IActorRef producer) => Partitions.Tell(batch, producer);

    /// <summary>Takes <see cref="Publish"/> for <paramref name="topic"/>.</summary>
    IActorRef TopicRef(TopicName topic);

    /// <summary>Joins <paramref name="target"/> to a group; deliveries come from the member, which takes the acks.</summary>
    void Open(ConsumerSettings settings, IActorRef target);

    /// <summary>The consumer groups of the node's other doors (<see cref="IExternalGroupSource"/>); through a gateway, its node's.</summary>
    Task<ExternalGroupList> ListExternalGroupsAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Groups.Ask<ExternalGroupList>(ListExternalGroups.Instance, timeout, cancellationToken);

    /// <summary>
    /// Tells <paramref name="listener"/> <see cref="GatewaySwitched"/> whenever requests start going through another
    /// node. On a node requests never change node, so by default nobody is told.
    /// </summary>
    void ListenForNodeChanges(IActorRef listener)
    {
    }
}
