using Actors.Serialization;
using Actors.Topics;

namespace Actors.Partitions;

/// <summary>A message for one partition entity; sharding routes it by topic and partition.</summary>
public interface IPartitionCommand : IWithTopic
{
    int Partition { get; }
}

/// <summary>
/// Append a message; the sender gets <see cref="PublishAck"/> after the journal write. With a
/// <paramref name="Producer"/> sequence the partition appends it only as that producer's next (see <see cref="ProducerState"/>).
/// </summary>
internal sealed record Append(TopicName Topic, int Partition, TopicMessage Message, long CorrelationId, ProducerSequence? Producer = null)
    : IPartitionCommand, IActorsWireMessage;

/// <summary>
/// Publishes of one sender to one partition travelling as one message: what a client's idempotent producer holds for
/// the partition goes together (see <c>publish-batch-messages</c> and <c>publish-linger</c>). Each is taken as its own
/// <see cref="Append"/>, with its own correlation id and producer sequence, so copies and gaps are judged per publish
/// exactly as for single ones. The sender is answered per journal write with one <see cref="PublishConfirms"/>
/// for all of its publishes in that write; a refusal is still one <see cref="PublishRejected"/> per publish.
/// </summary>
internal sealed record PublishBatch(TopicName Topic, int Partition, IReadOnlyList<BatchedPublish> Publishes) : IPartitionCommand, IActorsWireMessage;

/// <summary>One publish of a <see cref="PublishBatch"/>.</summary>
internal sealed record BatchedPublish(TopicMessage Message, long CorrelationId, ProducerSequence? Producer);

/// <summary>
/// Cumulative confirms: in each range, the publish with correlation id <see cref="ConfirmRange.FirstCorrelation"/> + i
/// is durable at offset <see cref="ConfirmRange.FirstOffset"/> + i. A producer numbering its sends consecutively gets
/// a whole journal write confirmed by one range.
/// </summary>
internal sealed record PublishConfirms(TopicName Topic, int Partition, IReadOnlyList<ConfirmRange> Ranges) : IWithTopic, IActorsWireMessage
{
    /// <summary>
    /// The confirms for the grouped replies among <paramref name="replies"/> (in offset order), one message per
    /// sender, consecutive correlation ids at consecutive offsets merged into one range.
    /// </summary>
    public static IEnumerable<(IActorRef Sender, PublishConfirms Confirms)> For(TopicName topic, int partition, IEnumerable<PendingReply> replies)
    {
        var bySender = new Dictionary<IActorRef, List<ConfirmRange>>();
        foreach (var reply in replies.Where(r => r.Grouped))
        {
            if (!bySender.TryGetValue(reply.Sender, out var ranges)) bySender[reply.Sender] = ranges = [];
            if (ranges.Count > 0 && ranges[^1] is var last && last.FirstCorrelation + last.Count == reply.CorrelationId
                && last.FirstOffset + last.Count == reply.Offset)
                ranges[^1] = last with { Count = last.Count + 1 };
            else
                ranges.Add(new ConfirmRange(reply.CorrelationId, reply.Offset, 1));
        }

        return bySender.Select(s => (s.Key, new PublishConfirms(topic, partition, s.Value)));
    }
}

/// <summary><paramref name="Count"/> confirms: correlation id <paramref name="FirstCorrelation"/> + i at offset <paramref name="FirstOffset"/> + i.</summary>
internal readonly record struct ConfirmRange(long FirstCorrelation, long FirstOffset, int Count);

/// <summary>Where a group with no committed offset starts reading.</summary>
public enum StartKind
{
    Earliest = 0,
    Latest = 1,
    Offset = 2,
    Time = 3,
}

/// <summary>A start position: earliest, latest, a given offset, or the first message at or after a time.</summary>
public sealed record StartFrom(StartKind Kind, long Value = 0)
{
    public static StartFrom Earliest { get; } = new(StartKind.Earliest);
    public static StartFrom Latest { get; } = new(StartKind.Latest);
    public static StartFrom AtOffset(long offset) => new(StartKind.Offset, offset);
    public static StartFrom AtTime(DateTimeOffset time) => new(StartKind.Time, time.ToUnixTimeMilliseconds());
}

/// <summary>
/// Make <paramref name="Consumer"/> the group's one consumer of this partition, with a credit window of
/// <paramref name="Credits"/> un-acked deliveries (each ack frees one). A higher <paramref name="Generation"/>
/// replaces a lower one; a lower one is ignored.
/// Answered with <see cref="PartitionSubscribed"/> from the partition actor itself.
/// </summary>
internal sealed record SubscribePartition(
    TopicName Topic, int Partition, GroupName Group, IActorRef Consumer, int Credits, long Generation, StartFrom StartFrom)
    : IPartitionCommand, IActorsWireMessage;

/// <summary>The consumer is subscribed; deliveries start at the group's committed offset.</summary>
internal sealed record PartitionSubscribed(TopicName Topic, int Partition, GroupName Group, long CommittedOffset, long EndOffset) : IActorsWireMessage;

/// <summary>Stop delivering to this consumer; its in-flight messages will go to the next one.</summary>
internal sealed record UnsubscribePartition(TopicName Topic, int Partition, GroupName Group, IActorRef Consumer) : IPartitionCommand, IActorsWireMessage;

/// <summary>One message delivered to a group's consumer; ack or nack it by offset.</summary>
public sealed record Delivery(TopicName Topic, int Partition, GroupName Group, long Offset, int Attempt, TopicMessage Message) : IActorsWireMessage;

/// <summary>The delivery is processed: commit it (it will not be delivered to this group again).</summary>
public sealed record Ack(TopicName Topic, int Partition, GroupName Group, long Offset) : IPartitionCommand, IActorsWireMessage;

/// <summary>
/// Deliveries of one group member to its consumer travelling as one message: what the member got from its partitions
/// while it worked goes together. Only a consumer that asked for it gets these (<see cref="Consumers.ConsumerSettings.Batched"/>,
/// as the .NET client does); the others get each <see cref="Delivery"/> alone.
/// </summary>
public sealed record DeliveryBatch(IReadOnlyList<Delivery> Deliveries) : IActorsWireMessage;

/// <summary>
/// Acks of many deliveries of one partition at once, as ranges of offsets (a consumer that acks in order sends one
/// range): each offset is acked as by its own <see cref="Ack"/>, and one that is not in flight is answered with its
/// own <see cref="AckRejected"/>.
/// </summary>
public sealed record AckBatch(TopicName Topic, int Partition, GroupName Group, IReadOnlyList<OffsetRange> Offsets) : IPartitionCommand, IActorsWireMessage;

/// <summary><paramref name="Count"/> consecutive offsets from <paramref name="First"/>.</summary>
public readonly record struct OffsetRange(long First, int Count)
{
    /// <summary><paramref name="offsets"/> (in the order given) as ranges, consecutive ones merged.</summary>
    public static IReadOnlyList<OffsetRange> Of(IEnumerable<long> offsets)
    {
        var ranges = new List<OffsetRange>();
        foreach (var offset in offsets)
        {
            if (ranges.Count > 0 && ranges[^1] is var last && last.First + last.Count == offset) ranges[^1] = last with { Count = last.Count + 1 };
            else ranges.Add(new OffsetRange(offset, 1));
        }

        return ranges;
    }
}

/// <summary>The delivery failed: deliver it again after <paramref name="Delay"/> (or dead-letter it at the last attempt).</summary>
public sealed record Nack(TopicName Topic, int Partition, GroupName Group, long Offset, TimeSpan Delay) : IPartitionCommand, IActorsWireMessage;

/// <summary>An ack or nack named a delivery the partition does not have in flight for that group.</summary>
public sealed record AckRejected(TopicName Topic, int Partition, GroupName Group, long Offset, string Reason) : IActorsWireMessage;

/// <summary>Move the group's position on this partition (replay or skip); in-flight deliveries are dropped.</summary>
public sealed record SeekPartition(TopicName Topic, int Partition, GroupName Group, StartFrom Position) : IPartitionCommand, IActorsWireMessage;

/// <summary>Ask for the partition's offsets and groups; answered with <see cref="PartitionStatus"/>.</summary>
public sealed record GetPartitionStatus(TopicName Topic, int Partition) : IPartitionCommand, IActorsWireMessage;

/// <summary>
/// A group's position on a partition, how many messages retention deleted before the group committed them, and the
/// group generation its consumer attached with (-1 without a consumer): once it equals the generation the group's
/// coordinator describes, the partition delivers to the member that assignment names.
/// </summary>
public sealed record GroupStatus(GroupName Group, long CommittedOffset, int InFlight, bool HasConsumer, long Dropped = 0, long Generation = -1);

/// <summary>
/// A partition's first retained offset, next offset, and each group's committed offset (lag = end - committed); also
/// how many journal events it replayed when it last started (those after its last snapshot), and what its retained
/// messages weigh (<see cref="PartitionLog.RetainedBytes"/>, what retention by bytes bounds).
/// </summary>
public sealed record PartitionStatus(TopicName Topic, int Partition, long StartOffset, long EndOffset, IReadOnlyList<GroupStatus> Groups, long RecoveredEvents = 0,
    long RetainedBytes = 0)
    : IActorsWireMessage;
