namespace Actors.Topics;

/// <summary>
/// Cuts a run of messages into batches that fit one remoting frame: at most a count and a number of bytes each,
/// in order, a message larger than the byte bound alone in its batch. Used wherever several messages travel as one
/// (publishes to a partition, deliveries to a consumer).
/// </summary>
internal static class SizeBounded
{
    /// <summary>The batches of <paramref name="items"/>, as (start, count) in order.</summary>
    public static IEnumerable<(int Start, int Count)> Batches<T>(IReadOnlyList<T> items, Func<T, long> size, int maxCount, long maxBytes)
    {
        for (var start = 0; start < items.Count;)
        {
            var (end, bytes) = (start, 0L);
            while (end < items.Count && end - start < maxCount && (end == start || bytes + size(items[end]) <= maxBytes))
                bytes += size(items[end++]);
            yield return (start, end - start);
            start = end;
        }
    }
}
