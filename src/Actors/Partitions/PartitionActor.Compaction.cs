using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// The partition's compaction (topics with <c>cleanup = compact</c> or <c>delete,compact</c>; see
/// <see cref="PartitionLog.CompactablePages"/> and <see cref="CompactionPass"/>). On the retention tick, when
/// <see cref="PartitionLog.CompactionDue"/>, one pass at a time reads the compactable pages back from the journal one
/// after another (as a group reading old messages would, so publishes and deliveries go on between pages), then
/// journals the survivors as one <see cref="MessagesCompacted"/> at the end of the journal, takes it into the log, and
/// only then writes a checkpoint and deletes the events it superseded. Crash-safe at each step: killed before the rewrite
/// is written, nothing changed; after it, recovery replays the old events and then the rewrite, which supersedes them
/// (the delete is done again after recovery); after the delete, the rewrite alone holds the range. A compacted-away
/// message is not counted as dropped unread for any group: it was superseded, and its group reads the newer one.
/// </summary>
internal sealed partial class PartitionActor
{
    private CompactionPass? _compaction;

    /// <summary>A compaction rewrite was replayed: the events it superseded may still be in the journal (deleted on the next retention tick).</summary>
    private bool _compactionReplayed;

    /// <summary>Starts a pass if the topic is compacted, none is running and one is due.</summary>
    private void CompactIfDue()
    {
        if (_compaction is not null || _stopping || _spec is not { Compacted: true }) return;
        if (!_messages.CompactionDue(DateTimeOffset.UtcNow, _settings.MinCleanableDirtyRatio, _settings.TombstoneRetention)) return;
        var pages = _messages.CompactablePages();
        var active = _messages.ActivePagesBelowTail(pages[^1]);
        _compaction = new CompactionPass(_messages.StartOffset, pages[^1].LastOffset, [.. pages, .. active], _messages.TailKeys());
        _log.Debug("partition {0}/{1}: compacting offsets {2}..{3} ({4} pages)", _topic, _partition, _compaction.FirstOffset, _compaction.LastOffset, pages.Count);
        ContinueCompaction();
    }

    /// <summary>Feeds the pass the pages in memory, waits for the next one that is not, and writes the rewrite after the last.</summary>
    private void ContinueCompaction()
    {
        var pass = _compaction;
        if (pass is null || _stopping)
        {
            _compaction = null;
            return;
        }

        while (pass.Next < pass.Pages.Count)
        {
            var page = pass.Pages[pass.Next];
            if (page.LastOffset < _messages.StartOffset)
            {
                pass.Skip(); // retention took it meanwhile
                continue;
            }

            if (!_messages.Holds(page))
            {
                _compaction = null; // only a rewrite takes a page above the start: this pass is stale
                return;
            }

            if (_messages.LoadedMessages(page) is not { } messages)
            {
                WhenPageLoaded(page, ContinueCompaction);
                return;
            }

            pass.Feed(messages);
        }

        if (pass.LastOffset < _messages.StartOffset)
        {
            _compaction = null;
            return;
        }

        var rewrite = pass.Result(DateTimeOffset.UtcNow, _settings.TombstoneRetention);
        PersistAsync(rewrite, written =>
        {
            _compaction = null;
            _messages.ApplyCompaction(written, LastSequenceNr);
            _log.Debug("partition {0}/{1}: compacted offsets {2}..{3}: {4} of {5} messages kept", _topic, _partition,
                written.FirstOffset, written.LastOffset, written.Survivors.Count, pass.Read);
            // The superseded events go only after a checkpoint (groups' commits, producers) is journaled after the rewrite.
            _deletableUpTo = Math.Max(_deletableUpTo, Math.Min(_messages.SupersededSequenceNr(), LastSequenceNr - 1));
            _lastCheckpoint = DateTimeOffset.UtcNow;
            var deletable = _deletableUpTo;
            _deletableUpTo = 0;
            PersistCheckpoint(deletable);
            CountEvent();
            DeliverAll();
        });
    }

    /// <summary>After recovery that replayed a rewrite: the events it superseded are deleted with the next checkpoint.</summary>
    private void DeleteSupersededAfterRecovery()
    {
        if (!_compactionReplayed) return;
        _compactionReplayed = false;
        _deletableUpTo = Math.Max(_deletableUpTo, Math.Min(_messages.SupersededSequenceNr(), LastSequenceNr));
    }

    /// <summary>A compacted-only topic is not bounded by age, count or bytes (<c>cleanup = compact</c>, as in Kafka).</summary>
    private static RetentionLimits Unbounded => new(TimeSpan.MaxValue, TopicSpec.UnlimitedMessages, TopicSpec.UnlimitedBytes, long.MaxValue);
}
