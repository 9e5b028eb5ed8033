namespace Actors.Streams.Operators;

/// <summary>
/// Keyed windows over a stream: by event time (with a watermark and allowed lateness) and by count. Each
/// factory returns a blueprint; what a window holds is bounded (by its size or count and the open windows),
/// and each takes the buffer in front of it (<see cref="OperatorBuffer"/>; none by default: it backpressures).
/// </summary>
public static class Windows
{
    /// <summary>
    /// Keyed tumbling windows of <paramref name="size"/> by the events' own time; late events (beyond
    /// <paramref name="allowedLateness"/>) are dropped, and counted: the materialized task completes with their
    /// number when the stage stops. See <see cref="EventTimeWindowStage{T,TKey}"/>.
    /// </summary>
    public static Flow<T, WindowResult<TKey, T>, Task<long>> TumblingByEventTime<T, TKey>(Func<T, TKey> key, Func<T, DateTimeOffset> time,
        TimeSpan size, TimeSpan allowedLateness, int maxOpenWindows = 1000, OperatorBuffer? buffer = null) where TKey : notnull =>
        OperatorBuffer.Front<T>(buffer).ViaMaterialized(new EventTimeWindowStage<T, TKey>(key, time, size, size, allowedLateness, maxOpenWindows), Keep.Right)
            .Named("tumbling-by-event-time");

    /// <summary>
    /// Keyed sliding windows by the events' own time: a window of <paramref name="size"/> starts every
    /// <paramref name="slide"/> (aligned to multiples of it), so each event counts in every window that holds its
    /// time. Watermark, lateness and the materialized count of late events as for <see cref="TumblingByEventTime{T,TKey}"/>
    /// (an event is late when it is late for every window that would hold it).
    /// </summary>
    public static Flow<T, WindowResult<TKey, T>, Task<long>> SlidingByEventTime<T, TKey>(Func<T, TKey> key, Func<T, DateTimeOffset> time,
        TimeSpan size, TimeSpan slide, TimeSpan allowedLateness, int maxOpenWindows = 1000, OperatorBuffer? buffer = null) where TKey : notnull =>
        OperatorBuffer.Front<T>(buffer).ViaMaterialized(new EventTimeWindowStage<T, TKey>(key, time, size, slide, allowedLateness, maxOpenWindows), Keep.Right)
            .Named("sliding-by-event-time");

    /// <summary>
    /// Keyed windows by processing time: every <paramref name="size"/> (or sooner, at <paramref name="maxElements"/>
    /// elements in all), one group per key seen in that time, keys in order of first arrival. Nothing is held
    /// longer than <paramref name="size"/>, so it suits live counts where event times are not to be trusted.
    /// </summary>
    public static Flow<T, (TKey Key, IReadOnlyList<T> Elements), NotUsed> TumblingByProcessingTime<T, TKey>(Func<T, TKey> key, TimeSpan size,
        int maxElements = 100_000, OperatorBuffer? buffer = null) where TKey : notnull =>
        OperatorBuffer.Front<T>(buffer)
            .GroupedWithin(maxElements, size)
            .SelectMany(window => window.GroupBy(key).Select(g => (g.Key, (IReadOnlyList<T>)g.ToList())))
            .Named("tumbling-by-processing-time");

    /// <summary>
    /// Keyed tumbling windows by count: each key's elements in groups of <paramref name="count"/>, in arrival
    /// order (a key's last, partial group is emitted when the stream completes). At most
    /// <paramref name="maxKeys"/> keys are open at once; more fails the stream.
    /// </summary>
    public static Flow<T, IReadOnlyList<T>, NotUsed> TumblingByCount<T, TKey>(Func<T, TKey> key, int count, int maxKeys = 10_000,
        OperatorBuffer? buffer = null) where TKey : notnull =>
        ((Flow<T, IReadOnlyList<T>, NotUsed>)OperatorBuffer.Front<T>(buffer)
            .GroupBy(maxKeys, key)
            .Grouped(count)
            .Select(group => (IReadOnlyList<T>)group.ToList())
            .MergeSubstreams())
            .Named("tumbling-by-count");

    /// <summary>
    /// Keyed sliding windows by count: for each key, its last <paramref name="count"/> elements every
    /// <paramref name="slide"/> elements of that key (a key with fewer than <paramref name="count"/> elements
    /// gets one window of what it has when the stream completes). At most <paramref name="maxKeys"/> keys at once.
    /// </summary>
    public static Flow<T, IReadOnlyList<T>, NotUsed> SlidingByCount<T, TKey>(Func<T, TKey> key, int count, int slide, int maxKeys = 10_000,
        OperatorBuffer? buffer = null) where TKey : notnull
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (slide < 1 || slide > count) throw new ArgumentOutOfRangeException(nameof(slide), slide, "must be between 1 and the window's count");
        return ((Flow<T, IReadOnlyList<T>, NotUsed>)OperatorBuffer.Front<T>(buffer)
                .GroupBy(maxKeys, key)
                .Sliding(count, slide)
                .Select(window => (IReadOnlyList<T>)window.ToList())
                .MergeSubstreams())
            .Named("sliding-by-count");
    }
}
