using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Streams.Stages;

/// <summary>
/// A message read from a topic by a consumer group, with what it takes to commit it: commit after
/// processing (through <see cref="Committer"/>) for at-least-once pipelines. Until it is committed it
/// counts against the group's credit window, which is how a slow pipeline slows the partitions down.
/// </summary>
public sealed class CommittableMessage
{
    // KEY PATTERN: commits go to the partitions' shard region, not through the group member: a commit
    // made after the source stopped (the last elements of a Take, a draining pipeline) still arrives, and
    // the partition accepts it for a delivery it has not handed to anyone else yet.
    private readonly IActorRef _partitions;

    internal CommittableMessage(Delivery delivery, IActorRef partitions)
    {
        Delivery = delivery;
        _partitions = partitions;
    }

    public Delivery Delivery { get; }

    public TopicMessage Message => Delivery.Message;

    public TopicName Topic => Delivery.Topic;

    public int Partition => Delivery.Partition;

    public long Offset => Delivery.Offset;

    /// <summary>Acks the delivery: the partition commits it (and everything before it once contiguous).</summary>
    public void Commit() => _partitions.Tell(Delivery.ToAck());

    /// <summary>Hands the delivery back for redelivery after <paramref name="delay"/> (dead-lettered at the last attempt).</summary>
    public void Reject(TimeSpan delay) => _partitions.Tell(new Nack(Delivery.Topic, Delivery.Partition, Delivery.Group, Delivery.Offset, delay));
}
