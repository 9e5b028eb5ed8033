using Akka.Streams.Stage;

namespace Actors.Streams.Operators;

/// <summary>
/// Keyed windows by event time, tumbling (slide = size) or sliding (a window of <c>size</c> starts every
/// <c>slide</c>, so an event counts in size/slide windows). The watermark is the latest event time seen minus the allowed
/// lateness: a window is emitted (all its keys, oldest window first) once the watermark passes its end, so
/// events up to <c>allowedLateness</c> out of order still count. An event for a window already emitted is
/// late: it is dropped there, and counted when it is late for every window it belongs to. The count is the
/// stage's materialized value: a task that completes with it when the stage stops (as akka.net's
/// <c>LastElement</c> does with its element), so it is kept per materialization, in the logic. When the stream
/// completes, the open windows are emitted. Open windows are bounded by <c>maxOpenWindows</c>; past it the stream
/// fails rather than grow without bound (a clock far ahead of the others would otherwise hold every window open).
/// </summary>
internal sealed class EventTimeWindowStage<T, TKey> : GraphStageWithMaterializedValue<FlowShape<T, WindowResult<TKey, T>>, Task<long>> where TKey : notnull
{
    private readonly Func<T, TKey> _key;
    private readonly Func<T, DateTimeOffset> _time;
    private readonly TimeSpan _size;
    private readonly TimeSpan _slide;
    private readonly TimeSpan _allowedLateness;
    private readonly int _maxOpenWindows;

    public EventTimeWindowStage(Func<T, TKey> key, Func<T, DateTimeOffset> time, TimeSpan size, TimeSpan slide, TimeSpan allowedLateness, int maxOpenWindows)
    {
        if (size <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(size), "a window must be longer than zero");
        if (slide <= TimeSpan.Zero || slide > size) throw new ArgumentOutOfRangeException(nameof(slide), "a window must slide by more than zero and at most its size");
        if (allowedLateness < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(allowedLateness), "the allowed lateness cannot be negative");
        _slide = slide;
        _key = key;
        _time = time;
        _size = size;
        _allowedLateness = allowedLateness;
        _maxOpenWindows = maxOpenWindows;
        Shape = new FlowShape<T, WindowResult<TKey, T>>(In, Out);
    }

    public Inlet<T> In { get; } = new("window.in");

    public Outlet<WindowResult<TKey, T>> Out { get; } = new("window.out");

    public override FlowShape<T, WindowResult<TKey, T>> Shape { get; }

    public override ILogicAndMaterializedValue<Task<long>> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var lateEvents = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task<long>>(new Logic(this, lateEvents), lateEvents.Task);
    }

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly EventTimeWindowStage<T, TKey> _stage;
        private readonly TaskCompletionSource<long> _lateEventsCounted;
        private readonly SortedDictionary<long, Dictionary<TKey, List<T>>> _open = [];
        private readonly Queue<WindowResult<TKey, T>> _ready = new();
        private long _watermark = long.MinValue;
        private long _emittedUpTo = long.MinValue;
        private long _lateEvents;

        public Logic(EventTimeWindowStage<T, TKey> stage, TaskCompletionSource<long> lateEvents) : base(stage.Shape)
        {
            _stage = stage;
            _lateEventsCounted = lateEvents;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        public override void PostStop() => _lateEventsCounted.TrySetResult(_lateEvents);

        public override void OnPush()
        {
            var element = Grab(_stage.In);
            var time = _stage._time(element).UtcTicks;
            var (size, slide) = (_stage._size.Ticks, _stage._slide.Ticks);
            var key = _stage._key(element);
            var counted = false;
            // Every window holding this time: starts at multiples of the slide, from the latest back one size.
            for (var start = time - Mod(time, slide); start > time - size; start -= slide)
            {
                if (start + size <= _emittedUpTo) continue;
                if (!_open.TryGetValue(start, out var window))
                {
                    if (_open.Count >= _stage._maxOpenWindows)
                    {
                        FailStage(new InvalidOperationException($"more than {_stage._maxOpenWindows} windows open at once; event times too far apart for the allowed lateness"));
                        return;
                    }

                    _open[start] = window = [];
                }

                if (!window.TryGetValue(key, out var elements)) window[key] = elements = [];
                elements.Add(element);
                counted = true;
            }

            if (!counted) _lateEvents++;
            else
            {
                _watermark = Math.Max(_watermark, time - _stage._allowedLateness.Ticks);
                CloseWindows(_watermark);
            }

            PushOrPull();
        }

        public override void OnPull() => PushOrPull();

        public override void OnUpstreamFinish()
        {
            CloseWindows(long.MaxValue);
            if (_ready.Count == 0) CompleteStage();
            else if (IsAvailable(_stage.Out)) Push(_stage.Out, _ready.Dequeue());
        }

        private void PushOrPull()
        {
            if (!IsAvailable(_stage.Out)) return;
            if (_ready.TryDequeue(out var next))
            {
                Push(_stage.Out, next);
                if (IsClosed(_stage.In) && _ready.Count == 0) CompleteStage();
            }
            else if (IsClosed(_stage.In)) CompleteStage();
            else if (!HasBeenPulled(_stage.In)) Pull(_stage.In);
        }

        /// <summary>Moves every window that ends at or before <paramref name="watermark"/> to the ready queue.</summary>
        private void CloseWindows(long watermark)
        {
            while (_open.Count > 0)
            {
                var (start, keys) = _open.First();
                var end = start + _stage._size.Ticks;
                if (watermark != long.MaxValue && end > watermark) return;
                _open.Remove(start);
                _emittedUpTo = Math.Max(_emittedUpTo, end);
                foreach (var (key, elements) in keys)
                    _ready.Enqueue(new WindowResult<TKey, T>(key, new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(end, TimeSpan.Zero), elements));
            }
        }

        private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
    }
}
