using Microsoft.Data.Sqlite;

namespace Actors.Storage;

/// <summary>
/// Readies a node's SQLite journal file before the persistence plugins open it: creates its folder and switches
/// it to WAL mode (once per file; the mode persists), so several nodes on one machine can share it. Nodes
/// started together contend for the fresh file, and another process (an operator's <c>sqlite3</c>, a backup) may
/// hold it locked for longer than SQLite's busy timeout; so a busy or locked file is retried until it is free,
/// never a crash, and <c>waiting</c> is told how long it has waited, to say so.
/// </summary>
public static class SqliteJournalFile
{
    /// <summary>How long one attempt waits on a lock (Microsoft.Data.Sqlite retries within it) before the next.</summary>
    public static readonly TimeSpan Attempt = TimeSpan.FromSeconds(5);

    // SQLITE_BUSY and SQLITE_LOCKED: another connection holds a lock this one needs.
    private const int Busy = 5;
    private const int Locked = 6;

    /// <summary>
    /// Prepares the file at <paramref name="path"/>, retrying while it is locked until <paramref name="cancellationToken"/>
    /// ends; <paramref name="waiting"/> hears of each attempt that found it locked, with the time waited so far.
    /// </summary>
    public static async Task PrepareAsync(string path, Action<TimeSpan, string> waiting, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                Prepare(path, Attempt);
                return;
            }
            catch (SqliteException ex) when (IsLocked(ex))
            {
                waiting(TimeProvider.System.GetElapsedTime(started), ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Prepares the file, waiting up to <paramref name="busyTimeout"/> for a lock; throws the
    /// <see cref="SqliteException"/> when it stays locked longer.
    /// </summary>
    public static void Prepare(string path, TimeSpan busyTimeout)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Not pooled: this connection must not linger holding the file once the node runs.
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>True when <paramref name="ex"/> says another connection holds the file, which passes.</summary>
    public static bool IsLocked(SqliteException ex) => (ex.SqliteErrorCode & 0xFF) is Busy or Locked;
}
