using Actors.Serialization;
using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// Journal event: a batch of messages appended at consecutive offsets from <paramref name="FirstOffset"/>, and which
/// of them idempotent producers sent with which sequences (none for publishes without a producer).
/// </summary>
internal sealed record MessagesAppended(long FirstOffset, IReadOnlyList<TopicMessage> Messages, IReadOnlyList<ProducerRun> Producers) : IActorsWireMessage
{
    public MessagesAppended(long firstOffset, IReadOnlyList<TopicMessage> messages) : this(firstOffset, messages, [])
    {
    }

    public long LastOffset => FirstOffset + Messages.Count - 1;
}

/// <summary>
/// Journal event: consumer groups' committed offsets (every offset below is processed), and for those of them that
/// retention deleted messages from before they committed them, how many in all (<see cref="GroupCursor.Dropped"/>).
/// </summary>
internal sealed record GroupsCommitted(IReadOnlyDictionary<string, long> Commits, IReadOnlyDictionary<string, long>? Dropped = null) : IActorsWireMessage;

/// <summary>
/// Journal event written before retention deletes old events: it carries everything those events
/// held that is still needed (the offsets, every group's commit, the producers' state), so recovery stays exact.
/// </summary>
internal sealed record PartitionCheckpoint(long StartOffset, long EndOffset, IReadOnlyDictionary<string, long> Commits, IReadOnlyList<ProducerSnapshot> Producers,
    IReadOnlyDictionary<string, long>? Dropped = null)
    : IActorsWireMessage
{
    public PartitionCheckpoint(long startOffset, long endOffset, IReadOnlyDictionary<string, long> commits) : this(startOffset, endOffset, commits, [])
    {
    }
}

/// <summary>
/// In a <see cref="MessagesAppended"/> batch: <paramref name="Count"/> consecutive messages from
/// <paramref name="Index"/> on, published by one idempotent producer with consecutive sequences from
/// <paramref name="FirstSequence"/>, so recovery rebuilds the partition's producer state (<see cref="ProducerState"/>).
/// </summary>
internal sealed record ProducerRun(int Index, long ProducerId, short Epoch, int FirstSequence, int Count);

/// <summary>
/// One producer's state in a <see cref="PartitionCheckpoint"/>: its epoch and the offsets of its most recent
/// sequences, which the journal events that retention deletes held until then.
/// </summary>
internal sealed record ProducerSnapshot(long ProducerId, short Epoch, IReadOnlyList<SequenceRange> Recent);

/// <summary><paramref name="Count"/> consecutive sequences from <paramref name="FirstSequence"/>, stored at consecutive offsets from <paramref name="FirstOffset"/>.</summary>
internal readonly record struct SequenceRange(int FirstSequence, long FirstOffset, int Count)
{
    public int LastSequence => FirstSequence + Count - 1;

    public long LastOffset => FirstOffset + Count - 1;

    public bool Holds(int sequence) => sequence >= FirstSequence && sequence <= LastSequence;
}

/// <summary>
/// Journal event of compaction: from here on the offsets <paramref name="FirstOffset"/> to <paramref name="LastOffset"/>
/// hold exactly <paramref name="Survivors"/> (the latest message of each key there, the messages without a key and the
/// tombstones still in their grace period, each at its original offset); every other message the earlier events held
/// in that range is gone. Written after the events it supersedes, which are deleted only once it (and a checkpoint
/// after it) is in the journal: replayed with or without them, the partition recovers the compacted range.
/// </summary>
internal sealed record MessagesCompacted(long FirstOffset, long LastOffset, IReadOnlyList<StoredMessage> Survivors) : IActorsWireMessage;

/// <summary>
/// Snapshot of a partition (Akka.Persistence's snapshot store), taken every <c>actors.topics.snapshot-every</c> events,
/// so recovery replays only the events after it whatever the length of the log: the offsets, the last timestamp, the
/// sparse index of the journal's pages, every group's commit (and dropped-unread count) and the producers' state, and
/// what of the first page is below the start (so the bytes retained stay exact), and of a compacted topic where compaction
/// reached and its oldest tombstone there. The messages themselves stay in the journal.
/// </summary>
internal sealed record PartitionSnapshot(
    long StartOffset,
    long EndOffset,
    DateTimeOffset LastTimestamp,
    IReadOnlyList<PageRange> Pages,
    IReadOnlyDictionary<string, long> Commits,
    IReadOnlyList<ProducerSnapshot> Producers,
    IReadOnlyDictionary<string, long>? Dropped = null,
    long FirstPageDroppedBytes = 0,
    long CleanEnd = 0,
    DateTimeOffset? OldestTombstone = null) : IActorsWireMessage;

/// <summary>One index entry in a <see cref="PartitionSnapshot"/> (see <see cref="LogPage"/>).</summary>
internal sealed record PageRange(long FirstOffset, long LastOffset, long FromSequenceNr, long ToSequenceNr, DateTimeOffset FirstTimestamp,
    DateTimeOffset LastTimestamp, long Bytes);
