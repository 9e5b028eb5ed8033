using Microsoft.Data.Sqlite;

namespace Actors.Storage;

/// <summary>
/// Turns <c>actors.storage</c> into the Akka.Persistence journal and snapshot-store settings:
/// an embedded SQLite file (the default; WAL mode and a busy timeout, so several nodes on one machine can share it),
/// a PostgreSQL server for clusters of several machines, or memory (tests only: nothing survives).
/// </summary>
internal static class StorageConfig
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";

    /// <summary>How long a statement waits for another connection's lock on the SQLite file.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    public static Config Render(Config config) => Render(StorageSettings.Create(config));

    public static Config Render(StorageSettings settings) => settings.Provider switch
    {
        StorageProvider.Sqlite => Sql(SqliteConnectionString(settings.SqlitePath), SqliteProvider),
        StorageProvider.Postgresql => Sql(settings.PostgresConnectionString, PostgresProvider),
        StorageProvider.Memory => ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "unknown storage provider"),
    };

    /// <summary>
    /// Readies the file (<see cref="SqliteJournalFile"/>; a no-op once a node has done it at start-up) and returns
    /// the plugins' connection string. Its <c>Default Timeout</c> is SQLite's busy timeout: several nodes on one
    /// machine share the file, and a writer waits that long for another's lock instead of failing.
    /// </summary>
    internal static string SqliteConnectionString(string path)
    {
        var full = Path.GetFullPath(path);
        SqliteJournalFile.Prepare(full, BusyTimeout);
        return new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    private static Config Sql(string connectionString, string providerName)
    {
        var quoted = Quote(connectionString);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "{{providerName}}"
                  auto-initialize = on
                  # Partitions write one event per batch of publishes; keep the plugin's own batching generous.
                  batch-size = 200
                  parallelism = 2
                  tag-write-mode = Csv
                  # Never drop a stored event on replay. The plugin stores one writer id per journal (per node), so a
                  # partition that moves A -> B -> A looks like A "kept writing after B": the replay filter's default
                  # (repair-by-discard-old) then discarded A's confirmed events (the fault suite lost 1,443 that way).
                  # The table's unique (persistence_id, sequence_number) already keeps one linear history.
                  replay-filter.mode = off
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "{{providerName}}"
                  auto-initialize = on
                }
              }
              query.journal.sql {
                connection-string = {{quoted}}
                provider-name = "{{providerName}}"
                write-plugin = "akka.persistence.journal.sql"
                tag-read-mode = Csv
              }
            }
            """);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
