using Actors.Serialization;

namespace Actors.Topics;

/// <summary>
/// Deletes a topic and its dead-letter topic for good: the registry forgets them at once (nothing can find or
/// auto-create them while the deletion runs), then every partition deletes its journal events and snapshots and
/// stops, the consumer groups that read them stop their members and delete their own journals, and every node's
/// topic ref forgets the topic. Answered with <see cref="TopicDeleted"/> once all of that is done, or with
/// <see cref="TopicNotFound"/> for a topic that does not exist. The deletion is journaled: a registry that moves
/// midway finishes it on its new node, so a topic created again under the same name always starts empty.
/// </summary>
public sealed record DeleteTopic(TopicName Topic) : IWithTopic, IActorsWireMessage;

/// <summary>
/// The topic is gone: <paramref name="Topics"/> are the topics deleted (the topic and its dead-letter topic),
/// <paramref name="Partitions"/> how many partitions deleted their journals, <paramref name="Groups"/> the
/// consumer groups that were stopped and forgotten.
/// </summary>
public sealed record TopicDeleted(TopicName Topic, IReadOnlyList<TopicName> Topics, int Partitions, IReadOnlyList<GroupName> Groups)
    : IWithTopic, IActorsWireMessage;

/// <summary>Registry journal event: the deletion of a topic of <paramref name="Partitions"/> partitions began; until it ends the name is taken.</summary>
internal sealed record TopicDeletionStarted(TopicName Topic, int Partitions) : IWithTopic, IActorsWireMessage;

/// <summary>Registry journal event: every partition and group of the topic is deleted; the name is free again.</summary>
internal sealed record TopicDeletionFinished(TopicName Topic) : IWithTopic, IActorsWireMessage;

/// <summary>Told to the topic ref of every node after a deletion: the spec it holds is stale, the next publish asks the registry again.</summary>
internal sealed record ForgetTopic(TopicName Topic) : IWithTopic, IActorsWireMessage;
