using Actors.Partitions;
using Actors.Serialization;
using Actors.Topics;

namespace Actors.Consumers;

/// <summary>A message for a group coordinator; sharding routes it by topic and group.</summary>
internal interface IGroupCommand : IWithTopic
{
    GroupName Group { get; }
}

/// <summary>A member announces itself (and keeps announcing, as a heartbeat) to its group's coordinator.</summary>
internal sealed record JoinGroup(TopicName Topic, GroupName Group, IActorRef Member, long KnownGeneration) : IGroupCommand, IActorsWireMessage;

/// <summary>A member leaves its group; its partitions go to the others.</summary>
internal sealed record LeaveGroup(TopicName Topic, GroupName Group, IActorRef Member) : IGroupCommand, IActorsWireMessage;

/// <summary>The partitions this member owns from this generation on (newer generations replace older ones).</summary>
internal sealed record GroupAssignment(TopicName Topic, GroupName Group, long Generation, IReadOnlyList<int> Partitions) : IActorsWireMessage;

/// <summary>
/// Settings of one consumer: its group, how many deliveries it may hold per partition, where a new group starts, and
/// whether its deliveries may come several to a message (<see cref="DeliveryBatch"/>; the consumer must take those).
/// The node-wide defaults are <see cref="ConsumersSettings"/> (<c>actors.consumers</c>).
/// </summary>
public sealed record ConsumerSettings(TopicName Topic, GroupName Group, int Prefetch, StartFrom StartFrom, bool Batched = false)
{
    /// <summary>A consumer with the default prefetch of <paramref name="system"/>'s <c>actors.consumers</c>, from the earliest offset.</summary>
    public static ConsumerSettings Create(ActorSystem system, TopicName topic, GroupName group) =>
        ConsumersSettings.Create(system).For(topic, group);
}

/// <summary>Helpers for a consumer actor that received a <see cref="Delivery"/>.</summary>
public static class DeliveryExtensions
{
    /// <summary>The ack for this delivery; tell it to the sender of the delivery.</summary>
    public static Ack ToAck(this Delivery delivery) => new(delivery.Topic, delivery.Partition, delivery.Group, delivery.Offset);

    /// <summary>The nack for this delivery, asking for redelivery after <paramref name="delay"/>.</summary>
    public static Nack ToNack(this Delivery delivery, TimeSpan delay = default) =>
        new(delivery.Topic, delivery.Partition, delivery.Group, delivery.Offset, delay);
}
