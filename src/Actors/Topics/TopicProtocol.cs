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
/// </summary>
public sealed record Publish(
    TopicName Topic,
    byte[] Payload,
    string? Key = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    long CorrelationId = 0) : IWithTopic, IActorsWireMessage;

/// <summary>The message is durable at this partition and offset.</summary>
public sealed record PublishAck(TopicName Topic, int Partition, long Offset, long CorrelationId) : IWithTopic, IActorsWireMessage;

/// <summary>The message was refused (unknown topic, too large, storage failure); nothing was written.</summary>
public sealed record PublishRejected(TopicName Topic, string Reason, long CorrelationId) : IWithTopic, IActorsWireMessage;

/// <summary>
/// Create a topic; answered with <see cref="TopicInfo"/> (also when it exists already, with its own spec).
/// Values left null come from <c>actors.topics</c>: partitions, and retention by age and by count.
/// </summary>
public sealed record CreateTopic(TopicName Topic, int? Partitions = null, TimeSpan? RetentionAge = null, long? RetentionMessages = null)
    : IWithTopic, IActorsWireMessage;

/// <summary>Look a topic up, creating it if <paramref name="CreateIfMissing"/> and auto-create allow.</summary>
public sealed record GetTopic(TopicName Topic, bool CreateIfMissing) : IWithTopic, IActorsWireMessage;

/// <summary>A topic's spec.</summary>
public sealed record TopicInfo(TopicSpec Spec) : IActorsWireMessage;

/// <summary>The topic does not exist (and was not created).</summary>
public sealed record TopicNotFound(TopicName Topic, string Reason) : IWithTopic, IActorsWireMessage;

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
