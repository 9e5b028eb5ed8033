using Microsoft.Data.Sqlite;

namespace Actors.Storage;

/// <summary>
/// Turns <c>actors.storage</c> into the Akka.Persistence journal and snapshot-store settings:
/// an embedded SQLite file (the default; WAL mode, so several nodes on one machine can share it),
/// a PostgreSQL server for clusters of several machines, or memory (tests only: nothing survives).
/// </summary>
internal static class StorageConfig
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";

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

    /// <summary>Creates the database's folder and switches the file to WAL mode (once per file; it persists).</summary>
    internal static string SqliteConnectionString(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Pooling = true,
            // Several nodes on one machine share the file; a writer waits for another's lock instead of failing.
            DefaultTimeout = 30,
        }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
        return connectionString;
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
