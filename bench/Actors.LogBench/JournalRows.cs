using Actors.Topics;
using LinqToDB;
using LinqToDB.Data;

namespace Actors.LogBench;

/// <summary>
/// Measures a topic's events in the node's journal table (SQLite or PostgreSQL, read beside the running node): the bytes
/// of its stored events, each a batch of messages. The retention figure uses it to show the deletes really happened
/// and kept pace, not only that publishing stayed fast.
/// </summary>
internal sealed class JournalRows(string provider, string connectionString)
{
    public static JournalRows Sqlite(string folder) =>
        new("SQLite.MS", $"Data Source={Path.Combine(folder, "data", "actors.db")};Mode=ReadOnly;Default Timeout=30");

    public static JournalRows Postgres(string connectionString) => new("PostgreSQL.15", connectionString);

    public async Task<long> BytesAsync(TopicName topic, CancellationToken cancellationToken)
    {
        await using var db = new DataConnection(new DataOptions().UseConnectionString(provider, connectionString));
        var pattern = $"partition-{topic.Value}-%";
        return await db.ExecuteAsync<long>("SELECT COALESCE(SUM(LENGTH(message)), 0) FROM journal WHERE persistence_id LIKE @pattern", cancellationToken,
            new DataParameter("pattern", pattern));
    }

    /// <summary>
    /// The bytes now, then polled every half second until it is at most <paramref name="bound"/> or
    /// <paramref name="within"/> passed: (now, last figure, seconds it took).
    /// </summary>
    public async Task<(long Now, long Later, double Seconds)> AwaitAtMostAsync(TopicName topic, long bound, TimeSpan within)
    {
        using var cancel = new CancellationTokenSource(within + TimeSpan.FromSeconds(30));
        var started = Stopwatch.GetTimestamp();
        var now = await BytesAsync(topic, cancel.Token);
        var later = now;
        while (later > bound && Stopwatch.GetElapsedTime(started) < within)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancel.Token);
            later = await BytesAsync(topic, cancel.Token);
        }

        return (now, later, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
