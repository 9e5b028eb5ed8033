namespace Actors.Streams.Operators;

/// <summary>
/// The common per-element operators as blueprints: parallel work, keyed running aggregation,
/// de-duplication and throttling. Every one that holds elements says how many, and each takes the buffer in
/// front of it (<see cref="OperatorBuffer"/>; none by default: it backpressures).
/// </summary>
public static class Ops
{
    /// <summary>
    /// Runs <paramref name="work"/> on up to <paramref name="parallelism"/> elements at once. Ordered: results
    /// leave in the order elements came (a slow one holds back the rest); unordered: as they finish.
    /// </summary>
    public static Flow<TIn, TOut, NotUsed> ParallelMap<TIn, TOut>(int parallelism, Func<TIn, Task<TOut>> work, bool ordered = true, OperatorBuffer? buffer = null) =>
        ordered
            ? OperatorBuffer.Front<TIn>(buffer).SelectAsync(parallelism, work)
            : OperatorBuffer.Front<TIn>(buffer).SelectAsyncUnordered(parallelism, work);

    /// <summary>
    /// A running aggregate per key: for each element, the key and its fold so far. At most
    /// <paramref name="maxKeys"/> keys are kept; past that the stream fails rather than grow without bound.
    /// </summary>
    public static Flow<T, (TKey Key, TAcc Value), NotUsed> AggregateByKey<T, TKey, TAcc>(Func<T, TKey> key, Func<TAcc> seed,
        Func<TAcc, T, TAcc> fold, int maxKeys = 100_000, OperatorBuffer? buffer = null) where TKey : notnull =>
        OperatorBuffer.Front<T>(buffer).StatefulSelectMany(() =>
        {
            var state = new Dictionary<TKey, TAcc>();
            return (Func<T, IEnumerable<(TKey Key, TAcc Value)>>)(element =>
            {
                var k = key(element);
                if (!state.TryGetValue(k, out var acc))
                {
                    if (state.Count >= maxKeys) throw new InvalidOperationException($"more than {maxKeys} keys to aggregate");
                    acc = seed();
                }

                state[k] = acc = fold(acc, element);
                return [(k, acc)];
            });
        });

    /// <summary>
    /// Drops an element whose id was seen among the last <paramref name="window"/> distinct ids (a redelivery,
    /// a retried publish). Memory is bounded by the window: an id older than that passes again.
    /// </summary>
    public static Flow<T, T, NotUsed> Deduplicate<T, TId>(Func<T, TId> id, int window = 100_000, OperatorBuffer? buffer = null) where TId : notnull =>
        OperatorBuffer.Front<T>(buffer).StatefulSelectMany(() =>
        {
            var seen = new HashSet<TId>();
            var order = new Queue<TId>();
            return (Func<T, IEnumerable<T>>)(element =>
            {
                var key = id(element);
                if (!seen.Add(key)) return [];
                order.Enqueue(key);
                if (order.Count > window) seen.Remove(order.Dequeue());
                return [element];
            });
        });

    /// <summary>
    /// At most <paramref name="elements"/> per <paramref name="per"/>, with bursts up to <paramref name="burst"/>;
    /// a faster upstream is slowed down (backpressure), never dropped, unless <paramref name="buffer"/> says to
    /// drop (e.g. <c>new OperatorBuffer(1, OverflowStrategy.DropHead)</c> keeps the latest: sampling).
    /// </summary>
    public static Flow<T, T, NotUsed> Throttle<T>(int elements, TimeSpan per, int burst = 0, OperatorBuffer? buffer = null) =>
        OperatorBuffer.Front<T>(buffer).Throttle(elements, per, Math.Max(burst, elements), ThrottleMode.Shaping);
}
