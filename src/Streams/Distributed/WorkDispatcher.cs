namespace Actors.Streams.Distributed;

/// <summary>
/// The decisions of distributed work, free of Akka: which worker gets which items and when, what each holds, and
/// where a lost worker's items go. Items are numbered as they come (<see cref="Enqueue"/>); a worker that asked
/// (<see cref="Wants"/>) gets a batch of up to half its window, fewest in flight first, and holds at most its
/// window. An idle worker gets what there is at once; a busy one waits for a full batch (or the end of the input),
/// so a busy stream sends few large messages and a quiet one waits for none. Results waiting for downstream count
/// against the windows, except for items a lost worker handed back: ordered results may be waiting for exactly those.
/// </summary>
internal sealed class WorkDispatcher<TWorker, TItem> where TWorker : notnull
{
    private readonly int _window;
    private readonly int _maxBatch;
    private readonly SortedDictionary<long, TItem> _pending = [];
    private readonly Dictionary<TWorker, Worker> _workers = [];
    private long _nextSeq;
    private long _dispatchedUpTo = -1;

    public WorkDispatcher(int windowPerWorker)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowPerWorker, 1);
        _window = windowPerWorker;
        _maxBatch = Math.Max(1, windowPerWorker / 2);
    }

    /// <summary>Items waiting for a worker.</summary>
    public int Pending => _pending.Count;

    /// <summary>Items with a worker and no result yet.</summary>
    public int InFlight { get; private set; }

    /// <summary>Workers that can take items.</summary>
    public int Workers => _workers.Count;

    /// <summary>Whether upstream should be asked for more: up to a batch waits here while the workers are busy.</summary>
    public bool WantsInput => _pending.Count < _maxBatch;

    /// <summary>Queues an item; its number comes back with its result.</summary>
    public long Enqueue(TItem item)
    {
        var seq = _nextSeq++;
        _pending[seq] = item;
        return seq;
    }

    /// <summary>A worker whose session is open; it gets items once it <see cref="Wants"/> some.</summary>
    public void Add(TWorker worker) => _workers.TryAdd(worker, new Worker());

    /// <summary>The worker asked for items (its stream pulled).</summary>
    public void Wants(TWorker worker)
    {
        if (_workers.TryGetValue(worker, out var state)) state.WantsItems = true;
    }

    /// <summary>The items <paramref name="worker"/> holds without a result.</summary>
    public int HeldBy(TWorker worker) => _workers.TryGetValue(worker, out var state) ? state.InFlight.Count : 0;

    /// <summary>
    /// A result came back: the item it is for, or false when <paramref name="worker"/> does not hold it (a late
    /// result of a lost worker, whose items went to others).
    /// </summary>
    public bool Complete(TWorker worker, long seq, out TItem item)
    {
        item = default!;
        if (!_workers.TryGetValue(worker, out var state) || !state.InFlight.Remove(seq, out item!)) return false;
        InFlight--;
        return true;
    }

    /// <summary>A worker is gone: the items it held go back to the front of the queue, for the others. Returns how many.</summary>
    public int Remove(TWorker worker)
    {
        if (!_workers.Remove(worker, out var state)) return 0;
        InFlight -= state.InFlight.Count;
        foreach (var (seq, item) in state.InFlight) _pending[seq] = item;
        return state.InFlight.Count;
    }

    /// <summary>
    /// Hands queued items to the workers that asked, within the windows. <paramref name="ready"/> is the results
    /// waiting for downstream; <paramref name="inputClosed"/> says no more items will come (so nothing waits for a
    /// full batch).
    /// </summary>
    public List<(TWorker Worker, List<(long Seq, TItem Item)> Batch)> Dispatch(int ready, bool inputClosed)
    {
        var batches = new List<(TWorker, List<(long, TItem)>)>();
        // Room for a whole batch, or idle: a worker whose window is nearly full would otherwise get one item per
        // result that comes back, and stay at one item per message however busy the stream is.
        bool HasRoomForBatch(Worker w) => w.InFlight.Count == 0 || _window - w.InFlight.Count >= _maxBatch;
        var capacity = _window * Math.Max(1, _workers.Count);
        while (_pending.Count > 0)
        {
            (TWorker Key, Worker State)? best = null;
            foreach (var (key, state) in _workers)
                if (state.WantsItems && HasRoomForBatch(state) && (best is null || state.InFlight.Count < best.Value.State.InFlight.Count))
                    best = (key, state);
            if (best is not { } chosen) break;
            var held = chosen.State.InFlight;
            if (held.Count > 0 && _pending.Count < _maxBatch && !inputClosed) break;
            var batch = new List<(long, TItem)>(Math.Min(_maxBatch, _pending.Count));
            while (_pending.Count > 0 && batch.Count < _maxBatch && held.Count < _window)
            {
                var (seq, item) = _pending.First();
                if (seq > _dispatchedUpTo && InFlight + ready >= capacity) break;
                _pending.Remove(seq);
                _dispatchedUpTo = Math.Max(_dispatchedUpTo, seq);
                held[seq] = item;
                InFlight++;
                batch.Add((seq, item));
            }

            if (batch.Count == 0) break;
            chosen.State.WantsItems = false;
            batches.Add((chosen.Key, batch));
        }

        return batches;
    }

    private sealed class Worker
    {
        public bool WantsItems { get; set; }

        public SortedDictionary<long, TItem> InFlight { get; } = [];
    }
}
