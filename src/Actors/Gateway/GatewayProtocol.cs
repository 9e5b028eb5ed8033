using Actors.Partitions;
using Actors.Serialization;
using Actors.Topics;

namespace Actors.Gateway;

/// <summary>
/// Asks the node's gateway to join <paramref name="Target"/> (an actor anywhere, e.g. in a command-line
/// client) to a consumer group. The answer is <see cref="ConsumerOpened"/>; deliveries then come to the target
/// from the member actor, which takes the acks. Stopping the member leaves the group.
/// </summary>
public sealed record OpenConsumer(TopicName Topic, GroupName Group, int Prefetch, StartFrom StartFrom, IActorRef Target) : IActorsWireMessage;

/// <summary>The group member the gateway started for an <see cref="OpenConsumer"/>.</summary>
public sealed record ConsumerOpened(TopicName Topic, GroupName Group, IActorRef Member) : IActorsWireMessage;
