namespace Actors.Streams.Pipelines;

/// <summary>
/// How the catalog's stages pass <see cref="Checkpoint"/> markers on: one-to-one maps skip them, take ends
/// before the marker that follows its last element, and aggregating stages hold them until the results of the
/// elements before them are out, then emit them (merged into one) after those results.
/// </summary>
internal static class CheckpointFlows
{
    public static Flow<object, object, NotUsed> Select(bool checkpoints, Func<object, object> map) =>
        Flow.Create<object>().Select(checkpoints ? SkipMarkers(map) : map);

    public static Func<object, object> SkipMarkers(Func<object, object> map) => e => e is Checkpoint ? e : map(e);

    /// <summary>
    /// The first <paramref name="n"/> elements and the markers among them, then the end. The marker after the
    /// last element is not passed on: it may carry messages read behind it that never went through (a batch), so
    /// the messages since the last marker passed are read again by the next run rather than committed unread.
    /// </summary>
    public static Flow<object, object, NotUsed> Take(int n) =>
        n <= 0
            ? Flow.Create<object>().Take(0)
            : Flow.Create<object>().StatefulSelectMany<object, object, (object Element, bool Last), NotUsed>(() =>
                {
                    var taken = 0;
                    return e => e is Checkpoint ? [(e, false)] : [(e, ++taken >= n)];
                })
                .TakeWhile(t => !t.Last, inclusive: true)
                .Select(t => t.Element);

    /// <summary>A sink's first operator: commits each marker (what came before it is with the sink) and drops it.</summary>
    public static Flow<object, object, NotUsed> CommitHere() => Flow.Create<object>().Where(e =>
    {
        if (e is not Checkpoint checkpoint) return true;
        checkpoint.Commit();
        return false;
    });

    /// <summary>
    /// Folds the elements into a <typeparamref name="TState"/> (made per run) and emits its results at the end
    /// of the stream; the markers on the way are held and emitted after the results.
    /// </summary>
    public static Flow<object, object, NotUsed> AtEnd<TState>(bool checkpoints, Func<TState> seed, Action<TState, object> add, Func<TState, IEnumerable<object>> results)
        where TState : class =>
        checkpoints
            ? Flow.Create<object>()
                .Aggregate((Held<TState>?)null, (held, e) =>
                {
                    held ??= new Held<TState>(seed());
                    if (e is Checkpoint marker) held.Markers.Add(marker);
                    else add(held.State, e);
                    return held;
                })
                .SelectMany(held => held is null ? results(seed()) : WithMarker(results(held.State), held.Markers))
            : Flow.Create<object>()
                .Aggregate((TState?)null, (state, e) =>
                {
                    state ??= seed();
                    add(state, e);
                    return state;
                })
                .SelectMany(state => results(state ?? seed()));

    /// <summary>For a window of elements and markers: the results of its elements, then its markers as one.</summary>
    public static Func<IEnumerable<object>, IEnumerable<object>> Around(Func<IEnumerable<object>, IEnumerable<object>> results) => window =>
    {
        var markers = new List<Checkpoint>();
        var elements = new List<object>();
        foreach (var e in window)
            if (e is Checkpoint marker) markers.Add(marker);
            else elements.Add(e);
        return WithMarker(results(elements), markers);
    };

    private static IEnumerable<object> WithMarker(IEnumerable<object> results, IReadOnlyList<Checkpoint> markers) =>
        Checkpoint.Merge(markers) is { } merged ? results.Append(merged) : results;

    private sealed class Held<TState>(TState state)
    {
        public TState State { get; } = state;

        public List<Checkpoint> Markers { get; } = [];
    }
}
