using Actors.Serialization;
using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// Append <paramref name="Messages"/> at consecutive offsets, as one unit: a Kafka record batch (the Kafka edge
/// sends one per partition per Produce request). The sender gets one <see cref="BatchAppended"/> with the first
/// message's offset once all of them are written, or one <see cref="PublishRejected"/> and nothing is written.
/// With a <paramref name="Producer"/> (its sequence is the batch's first; the messages take the next ones) the
/// partition checks the batch as a whole against its <see cref="ProducerState"/>, as for native idempotent
/// publishes: a resent batch is answered with its original offset, a gap is refused
/// (<see cref="PublishError.OutOfOrderSequence"/>), an old epoch is fenced (<see cref="PublishError.ProducerFenced"/>).
/// A message over the topic's size limit refuses the batch (<see cref="PublishError.MessageTooLarge"/>).
/// </summary>
public sealed record AppendBatch(TopicName Topic, int Partition, IReadOnlyList<TopicMessage> Messages, long CorrelationId, ProducerSequence? Producer = null)
    : IPartitionCommand, IActorsWireMessage;

/// <summary>
/// The batch is durable from <paramref name="BaseOffset"/> on (or was, for a resent one). -1: a resent batch older
/// than the partition remembers (Kafka's DUPLICATE_SEQUENCE_NUMBER, which producers take as success).
/// </summary>
public sealed record BatchAppended(TopicName Topic, int Partition, long BaseOffset, long CorrelationId) : IWithTopic, IActorsWireMessage;

/// <summary>
/// Read the partition's messages from <paramref name="FromOffset"/> on, about <paramref name="MaxBytes"/> at most
/// (<see cref="TopicMessage.Size"/>; the first message is returned whatever its size), for a reader that keeps its
/// own position (a Kafka Fetch): no consumer group is involved and nothing is committed. With less than
/// <paramref name="MinBytes"/> available the read waits in the partition for appends, up to <paramref name="MaxWait"/>
/// (a long-poll), then answers with what there is. Answered with <see cref="PartitionRead"/>.
/// </summary>
public sealed record ReadPartition(TopicName Topic, int Partition, long FromOffset, int MaxBytes, int MinBytes = 0, TimeSpan MaxWait = default)
    : IPartitionCommand, IActorsWireMessage;

/// <summary>
/// The messages read (in offset order, possibly with gaps where a write was refused), and the partition's retained
/// range: <paramref name="StartOffset"/> (first retained) to <paramref name="EndOffset"/> (next to be written, the
/// high watermark). <paramref name="OutOfRange"/>: the offset asked for is below the start or beyond the end.
/// </summary>
public sealed record PartitionRead(TopicName Topic, int Partition, long StartOffset, long EndOffset, IReadOnlyList<StoredMessage> Messages, bool OutOfRange = false)
    : IWithTopic, IActorsWireMessage;

/// <summary>
/// Ask a partition for its retained range and, given <paramref name="AtTime"/> (Unix milliseconds), the first
/// offset whose message was stored at or after it. Answered with <see cref="PartitionOffsets"/>.
/// </summary>
public sealed record GetPartitionOffsets(TopicName Topic, int Partition, long? AtTime = null) : IPartitionCommand, IActorsWireMessage;

/// <summary>
/// The retained range, and for a time the first offset at or after it with that message's timestamp (Unix ms),
/// or -1 for both when no message is that recent.
/// </summary>
public sealed record PartitionOffsets(TopicName Topic, int Partition, long StartOffset, long EndOffset, long OffsetAtTime = -1, long TimestampAtTime = -1)
    : IWithTopic, IActorsWireMessage;
