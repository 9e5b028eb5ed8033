using Actors.Serialization;
using Actors.Topics;

namespace Actors.Partitions;

/// <summary>Journal event: a batch of messages appended at consecutive offsets from <paramref name="FirstOffset"/>.</summary>
internal sealed record MessagesAppended(long FirstOffset, IReadOnlyList<TopicMessage> Messages) : IActorsWireMessage
{
    public long LastOffset => FirstOffset + Messages.Count - 1;
}

/// <summary>Journal event: consumer groups' committed offsets (every offset below is processed).</summary>
internal sealed record GroupsCommitted(IReadOnlyDictionary<string, long> Commits) : IActorsWireMessage;

/// <summary>
/// Journal event written before retention deletes old events: it carries everything those events
/// held that is still needed (the offsets and every group's commit), so recovery stays exact.
/// </summary>
internal sealed record PartitionCheckpoint(long StartOffset, long EndOffset, IReadOnlyDictionary<string, long> Commits) : IActorsWireMessage;
