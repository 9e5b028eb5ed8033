using Actors.Topics;
using Akka.Persistence;

namespace Actors.Partitions;

/// <summary>
/// The partition's paging and snapshots. A message below the in-memory tail is read back from the journal a page at a
/// time (<see cref="PageReader"/>, one read in flight per page); whoever needs it waits for its page: a group's
/// deliveries stop at it and resume in order once it is loaded, a Kafka read, a seek or a lookup by time is handled
/// again then. A failed read is logged once and tried again on the next delivery tick, never holding up writes.
/// Every <c>snapshot-every</c> journal events the partition saves a <see cref="PartitionSnapshot"/> and deletes the
/// older ones, so recovery replays only the events since.
/// </summary>
internal sealed partial class PartitionActor
{
    private readonly HashSet<long> _pagesLoading = [];
    private readonly HashSet<long> _pagesFailed = [];
    private readonly Dictionary<long, (LogPage Page, List<Action> Then)> _pageWaiters = [];
    private IActorRef? _journal;

    /// <summary>The page whose successor a delivery from it last asked for (read ahead once per page, not per message).</summary>
    private long _readAheadAfter = -1;
    private long _eventsSinceSnapshot;

    /// <summary>Weight of the messages written (or replayed) since the last snapshot.</summary>
    private long _bytesSinceSnapshot;
    private long _recoveredEvents;
    private long _snapshotSequenceNr;
    private bool _snapshotInFlight;
    private bool _deleting;

    private void ReadyPaging()
    {
        Command<PageLoaded>(HandlePageLoaded);
        Command<PageFailed>(HandlePageFailed);
        Command<SaveSnapshotSuccess>(HandleSnapshotSaved);
        Command<SaveSnapshotFailure>(failure =>
        {
            _snapshotInFlight = false;
            _log.Warning("partition {0}/{1}: saving a snapshot failed: {2}", _topic, _partition, failure.Cause.Message);
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure =>
            _log.Warning("partition {0}/{1}: deleting old snapshots failed: {2}", _topic, _partition, failure.Cause.Message));
    }

    private void RecoverSnapshot(SnapshotOffer offer)
    {
        if (offer.Snapshot is not PartitionSnapshot snapshot) return;
        _messages.Restore(snapshot);
        _groups.Clear();
        RestoreCommits(snapshot.Commits, snapshot.Dropped);
        _producers.Restore(snapshot.Producers);
        _snapshotSequenceNr = offer.Metadata.SequenceNr;
    }

    /// <summary>Reads <paramref name="page"/> from the journal unless that is under way already.</summary>
    private void RequestPage(LogPage page)
    {
        if (!_pagesLoading.Add(page.Key)) return;
        // Its loaded copy must hold all of it: writes from now on start a new page.
        page.Sealed = true;
        _journal ??= Persistence.Instance.Apply(Context.System).JournalFor(JournalPluginId);
        Context.ActorOf(PageReader.Props(_journal, PersistenceId, page, _settings.AskTimeout));
    }

    /// <summary>Runs <paramref name="then"/> once <paramref name="page"/> is in memory (handling the command again).</summary>
    private void WhenPageLoaded(LogPage page, Action then)
    {
        if (!_pageWaiters.TryGetValue(page.Key, out var waiting)) _pageWaiters[page.Key] = waiting = (page, []);
        waiting.Then.Add(then);
        RequestPage(page);
    }

    /// <summary>A group's next delivery is on <paramref name="page"/>: read it, and the page after it too (groups read on).</summary>
    private void RequestPageFor(LogPage page)
    {
        RequestPage(page);
        if (_messages.NextPaged(page) is { } next) RequestPage(next);
    }

    private void HandlePageLoaded(PageLoaded loaded)
    {
        _pagesLoading.Remove(loaded.Key);
        if (_pagesFailed.Remove(loaded.Key)) _log.Info("partition {0}/{1}: read the page at sequence {2} from the journal after all", _topic, _partition, loaded.Key);
        _messages.AddPage(loaded.Key, loaded.Messages);
        if (_pageWaiters.Remove(loaded.Key, out var waiting))
            foreach (var then in waiting.Then) then();
        DeliverAll();
        StopWhenWritten();
    }

    private void HandlePageFailed(PageFailed failed)
    {
        _pagesLoading.Remove(failed.Key);
        if (_stopping && _pageWaiters.Remove(failed.Key, out var waiting))
        {
            _log.Warning("partition {0}/{1}: reading the page at sequence {2} from the journal failed ({3}) while handing off; {4} requests waiting for it are left to retry",
                _topic, _partition, failed.Key, failed.Reason, waiting.Then.Count);
            StopWhenWritten();
            return;
        }

        if (_pagesFailed.Add(failed.Key))
            _log.Warning("partition {0}/{1}: reading the page at sequence {2} from the journal failed ({3}); trying again", _topic, _partition, failed.Key, failed.Reason);
    }

    /// <summary>On the delivery tick: pages that commands wait for and whose read failed are asked for again (groups ask again by delivering).</summary>
    private void RetryWaitedPages()
    {
        foreach (var (_, (page, _)) in _pageWaiters) RequestPage(page);
    }

    /// <summary>
    /// Counts a journal event written; every <c>snapshot-every</c> of them, or once the messages written since the last
    /// snapshot outweigh the tail (<c>cache-size</c>), the state is saved as a snapshot. So recovery replays at most
    /// about what the partition keeps in memory anyway, however small the batches were.
    /// </summary>
    private void CountEvent()
    {
        if ((++_eventsSinceSnapshot < _settings.SnapshotEvery && _bytesSinceSnapshot < _settings.CacheBytes) || _snapshotInFlight || _deleting) return;
        _eventsSinceSnapshot = 0;
        _bytesSinceSnapshot = 0;
        _snapshotInFlight = true;
        // Called from a write's callback: the log holds exactly the events up to LastSequenceNr, which the snapshot is
        // saved under; producer state only as far as the log (publishes accepted but still being written are after it).
        SaveSnapshot(new PartitionSnapshot(_messages.StartOffset, _messages.EndOffset, _messages.LastTimestamp, _messages.Pages(),
            Commits(), _producers.Snapshot(_messages.EndOffset), DroppedCounts(), _messages.FirstPageDroppedBytes, _messages.CleanEnd, _messages.OldestTombstone));
    }

    private void HandleSnapshotSaved(SaveSnapshotSuccess saved)
    {
        _snapshotInFlight = false;
        _log.Debug("partition {0}/{1}: snapshot saved at sequence {2}", _topic, _partition, saved.Metadata.SequenceNr);
        if (saved.Metadata.SequenceNr > 1) DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
    }
}
