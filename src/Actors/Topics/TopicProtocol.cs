using Actors.Serialization;

namespace Actors.Topics;

/// <summary>A message that names the topic it is about.</summary>
public interface IWithTopic
{
    TopicName Topic { get; }
}

/// <summary>
/// Publish one message to a topic. Tell it to a topic ref (<c>Broker.Get(system).TopicRef(name)</c>); the
/// sender receives <see cref="PublishAck"/> once the message is durable, or <see cref="PublishRejected"/>.
/// <paramref name="CorrelationId"/> comes back in the reply so a sender can match confirms to publishes.
/// A sender that picks the partition itself names it in <paramref name="Partition"/> (else the key's hash
/// picks it, or round robin without a key); an idempotent producer (<see cref="Client.TopicClient"/>) also sends
/// its <paramref name="Producer"/> sequence, which the partition uses to drop resent duplicates and refuse gaps.
/// </summary>
public sealed record Publish(
    TopicName Topic,
    byte[] Payload,
    string? Key = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    long CorrelationId = 0,
    int? Partition = null,
    ProducerSequence? Producer = null) : IWithTopic, IActorsWireMessage;

/// <summary>
/// Where a publish stands in its producer's stream on one partition, as Kafka's idempotent producer numbers
/// records: <paramref name="ProducerId"/> (never 0, which means no producer), the producer's
/// <paramref name="Epoch"/> (a higher one starts the sequence again at 0 and fences the older), and
/// <paramref name="Sequence"/>, which counts 0, 1, 2, ... per partition and wraps to 0 after <see cref="int.MaxValue"/>.
/// </summary>
public sealed record ProducerSequence(long ProducerId, short Epoch, int Sequence);

/// <summary>The message is durable at this partition and offset (-1: a resent duplicate older than the partition remembers).</summary>
public sealed record PublishAck(TopicName Topic, int Partition, long Offset, long CorrelationId) : IWithTopic, IActorsWireMessage;

/// <summary>Why a publish was refused; all but <see cref="OutOfOrderSequence"/> are final for that message.</summary>
public enum PublishError
{
    /// <summary>Unknown topic or partition, a storage failure.</summary>
    Refused = 0,

    /// <summary>Payload, key and headers weigh more than the topic's <c>max-message-size</c>.</summary>
    MessageTooLarge = 1,

    /// <summary>The sequence is not the next one the partition expects (<see cref="PublishRejected.ExpectedSequence"/>): resend from there, in order.</summary>
    OutOfOrderSequence = 2,

    /// <summary>The producer's epoch is older than one the partition has seen: another producer with its id took over.</summary>
    ProducerFenced = 3,

    /// <summary>
    /// The publish named a partition the topic does not have, or of a topic that no longer exists: the sender's spec
    /// is stale (the topic was deleted, or re-created with fewer partitions). Look it up again and route once more.
    /// </summary>
    UnknownPartition = 4,

    /// <summary>
    /// The topic's overflow policy is <c>reject-publish</c> and the partition is at its retention by count or bytes
    /// with nothing every group has committed past to delete: nothing was written. A refusal, not a fault: publish
    /// again once consumers have caught up.
    /// </summary>
    PartitionFull = 5,

    /// <summary>The publisher's user may not publish to the topic (no ACL entry allows it): nothing was written.</summary>
    Denied = 6,
}

/// <summary>The message was refused (unknown topic, too large, storage failure, out of sequence); nothing was written.</summary>
public sealed record PublishRejected(TopicName Topic, string Reason, long CorrelationId, PublishError Error = PublishError.Refused, int ExpectedSequence = 0)
    : IWithTopic, IActorsWireMessage;

/// <summary>
/// Create a topic; answered with <see cref="TopicInfo"/> (also when it exists already, with its own spec).
/// Values left null come from <c>actors.topics</c>: partitions, retention by age, count and bytes, the overflow policy and the cleanup policy.
/// </summary>
public sealed record CreateTopic(TopicName Topic, int? Partitions = null, TimeSpan? RetentionAge = null, long? RetentionMessages = null,
    long? RetentionBytes = null, OverflowPolicy? Overflow = null, CleanupPolicy? Cleanup = null)
    : IWithTopic, IActorsWireMessage;

/// <summary>Look a topic up, creating it if <paramref name="CreateIfMissing"/> and auto-create allow.</summary>
public sealed record GetTopic(TopicName Topic, bool CreateIfMissing) : IWithTopic, IActorsWireMessage;

/// <summary>A topic's spec.</summary>
public sealed record TopicInfo(TopicSpec Spec) : IActorsWireMessage;

/// <summary>The topic does not exist (and was not created).</summary>
public sealed record TopicNotFound(TopicName Topic, string Reason) : IWithTopic, IActorsWireMessage
{
    /// <summary>Why, where a door answers with its own code (Kafka's INVALID_PARTITIONS, POLICY_VIOLATION).</summary>
    public TopicRefusal Refusal { get; init; } = TopicRefusal.Other;
}

/// <summary>Why the registry did not give a topic: most reasons need no code of their own; the limits do.</summary>
public enum TopicRefusal
{
    /// <summary>Missing, an invalid name or setting, being deleted.</summary>
    Other = 0,

    /// <summary>More partitions than <c>actors.topics.max-partitions-per-topic</c> (or fewer than 1).</summary>
    Partitions = 1,

    /// <summary>The cluster has <c>actors.topics.max-topics</c> topics already.</summary>
    TopicLimit = 2,
}

/// <summary>List all topics; answered with <see cref="TopicList"/>.</summary>
public sealed class ListTopics : IActorsWireMessage
{
    public static ListTopics Instance { get; } = new();
    private ListTopics() { }
}

/// <summary>All topics' specs, by name.</summary>
public sealed record TopicList(IReadOnlyList<TopicSpec> Topics) : IActorsWireMessage;

/// <summary>Registry event: a topic was created (persisted by the registry, announced to watchers).</summary>
internal sealed record TopicCreated(TopicSpec Spec) : IActorsWireMessage;

/// <summary>Ask the registry to tell the sender about every topic, now and as they are created.</summary>
internal sealed record WatchTopics(IActorRef Watcher) : IActorsWireMessage;
