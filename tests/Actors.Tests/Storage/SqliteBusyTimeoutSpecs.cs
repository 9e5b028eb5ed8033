using Actors.Storage;
using LinqToDB.Data;

namespace Actors.Tests.Storage;

/// <summary>
/// On SQLite every connection the persistence plugins open waits for the file's write lock inside SQLite
/// (<c>PRAGMA busy_timeout</c>), not in Microsoft.Data.Sqlite's loop of 150 ms sleeps: the journal's writers and
/// retention's deletes take turns at one lock, and the sleeps cost publishing most of its rate while retention deleted.
/// </summary>
public sealed class SqliteBusyTimeoutSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-busy-").FullName;

    [Fact]
    public async Task Should_open_the_plugins_sqlite_connections_with_sqlites_own_busy_timeout()
    {
        // arrange
        var config = TestConfig.ClusterNode(TestConfig.SqliteStorage(Path.Combine(_folder, "journal.db")));

        // act
        var options = StorageConfig.DataOptions(config);
        Assert.NotNull(options);
        await using var db = new DataConnection(options);
        var milliseconds = await db.ExecuteAsync<long>("PRAGMA busy_timeout");

        // assert
        Assert.Equal((long)StorageConfig.BusyTimeout.TotalMilliseconds, milliseconds);
        Assert.IsType<Akka.Persistence.Sql.Config.DataOptionsSetup>(ActorsSettings.StorageSetup(config));
    }

    [Fact]
    public void Should_ask_for_no_setup_on_memory_or_postgresql()
    {
        Assert.Null(ActorsSettings.StorageSetup(TestConfig.ClusterNode()));
        Assert.Null(ActorsSettings.StorageSetup(TestConfig.ClusterNode(
            """actors.storage { provider = postgresql, postgresql.connection-string = "Host=127.0.0.1;Database=none" }""")));
    }

    [Fact]
    public void Should_write_one_journal_transaction_at_a_time_on_sqlite_and_two_on_postgresql()
    {
        // (SQLite has one writer: a second transaction would only wait for the first's lock)
        const string Key = "akka.persistence.journal.sql.parallelism";
        Assert.Equal(1, TestConfig.ClusterNode(TestConfig.SqliteStorage(Path.Combine(_folder, "journal.db"))).GetInt(Key));
        Assert.Equal(2, TestConfig.ClusterNode(
            """actors.storage { provider = postgresql, postgresql.connection-string = "Host=127.0.0.1;Database=none" }""").GetInt(Key));
    }

    [Fact]
    public void Should_leave_the_plugins_alone_when_the_snapshot_store_is_pointed_at_another_file()
    {
        var config = ConfigurationFactory.ParseString(
                $"akka.persistence.snapshot-store.sql.connection-string = \"Data Source={Path.Combine(_folder, "snapshots.db").Replace("\\", "/")}\"")
            .WithFallback(TestConfig.ClusterNode(TestConfig.SqliteStorage(Path.Combine(_folder, "journal.db"))));

        Assert.Null(ActorsSettings.StorageSetup(config));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a handle the OS has not let go of yet; the temp folder is cleaned eventually
        }
    }
}
