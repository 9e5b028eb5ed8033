using Actors.Topics;
using Akka.Persistence;

namespace Actors.Partitions;

/// <summary>A page of a partition's log, read back from the journal by a <see cref="PageReader"/>: the messages it holds, in offset order.</summary>
internal sealed record PageLoaded(long Key, IReadOnlyList<StoredMessage> Messages) : INoSerializationVerificationNeeded;

/// <summary>Reading a page from the journal failed; the partition asks again on its next tick.</summary>
internal sealed record PageFailed(long Key, string Reason) : INoSerializationVerificationNeeded;

/// <summary>
/// Reads one page of a partition's log back from the journal (a child of the partition, one per page read): it asks
/// the journal for the page's events with Akka.Persistence's own <see cref="ReplayMessages"/> (every journal plugin
/// answers it: SQL on SQLite and PostgreSQL, in-memory), keeps the messages (of batches, or of compaction's rewrites) of the page's offsets, tells the partition
/// one <see cref="PageLoaded"/> or <see cref="PageFailed"/> and stops. The journal stays the only store of the messages.
/// </summary>
internal sealed class PageReader : ReceiveActor
{
    private readonly List<StoredMessage> _messages = [];

    public PageReader(IActorRef journal, string persistenceId, long key, long toSequenceNr, long firstOffset, long lastOffset, TimeSpan timeout)
    {
        Receive<ReplayedMessage>(replayed =>
        {
            if (replayed.Persistent.Payload is MessagesCompacted compacted)
            {
                _messages.AddRange(compacted.Survivors.Where(s => s.Offset >= firstOffset && s.Offset <= lastOffset));
                return;
            }

            if (replayed.Persistent.Payload is not MessagesAppended batch) return;
            var offset = batch.FirstOffset;
            foreach (var message in batch.Messages)
            {
                if (offset >= firstOffset && offset <= lastOffset) _messages.Add(new StoredMessage(offset, message));
                offset++;
            }
        });
        Receive<RecoverySuccess>(_ => Finish(new PageLoaded(key, _messages)));
        Receive<ReplayMessagesFailure>(failure => Finish(new PageFailed(key, failure.Cause.GetBaseException().Message)));
        Receive<ReceiveTimeout>(_ => Finish(new PageFailed(key, $"the journal did not answer within {timeout.TotalSeconds:0.#} s")));
        Context.SetReceiveTimeout(timeout);
        journal.Tell(new ReplayMessages(key, toSequenceNr, long.MaxValue, persistenceId, Self));
    }

    /// <remarks>
    /// The arguments are plain locals on purpose: Akka parses the <c>() =&gt; new</c> expression on every call, and an
    /// argument that is more than a captured variable (say <c>page.Key</c>) costs it far more. With <c>page.*</c>
    /// arguments this was 2.4% of a node's CPU while <c>actors consume</c> read 1M messages back from the journal (a
    /// thread-time profile); with locals it no longer shows.
    /// </remarks>
    public static Props Props(IActorRef journal, string persistenceId, LogPage page, TimeSpan timeout)
    {
        var (key, to, first, last) = (page.Key, page.ToSequenceNr, page.FirstOffset, page.LastOffset);
        return Akka.Actor.Props.Create(() => new PageReader(journal, persistenceId, key, to, first, last, timeout));
    }

    private void Finish(object result)
    {
        // Replayed events may arrive out of order only if the journal misbehaves; the page is kept in offset order.
        if (result is PageLoaded) _messages.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        Context.Parent.Tell(result);
        Context.Stop(Self);
    }
}
