namespace Actors.Streams.Operators;

/// <summary>
/// Keyed windows over a stream: by event time (with a watermark and allowed lateness) and by count. Each
/// factory returns a blueprint; what a window holds is bounded (by its size or count and the open windows).
/// </summary>
public static class Windows
{
    /// <summary>
    /// Keyed tumbling windows of <paramref name="size"/> by the events' own time; late events (beyond
    /// <paramref name="allowedLateness"/>) are dropped. See <see cref="EventTimeWindowStage{T,TKey}"/>.
    /// </summary>
    public static Flow<T, WindowResult<TKey, T>, NotUsed> TumblingByEventTime<T, TKey>(Func<T, TKey> key, Func<T, DateTimeOffset> time,
        TimeSpan size, TimeSpan allowedLateness, int maxOpenWindows = 1000) where TKey : notnull =>
        Flow.FromGraph(new EventTimeWindowStage<T, TKey>(key, time, size, allowedLateness, maxOpenWindows));

    /// <summary>
    /// Keyed tumbling windows by count: each key's elements in groups of <paramref name="count"/>, in arrival
    /// order (a key's last, partial group is emitted when the stream completes). At most
    /// <paramref name="maxKeys"/> keys are open at once; more fails the stream.
    /// </summary>
    public static Flow<T, IReadOnlyList<T>, NotUsed> TumblingByCount<T, TKey>(Func<T, TKey> key, int count, int maxKeys = 10_000) where TKey : notnull =>
        ((Flow<T, IReadOnlyList<T>, NotUsed>)Flow.Create<T>()
            .GroupBy(maxKeys, key)
            .Grouped(count)
            .Select(group => (IReadOnlyList<T>)group.ToList())
            .MergeSubstreams())
            .Named("tumbling-by-count");
}
