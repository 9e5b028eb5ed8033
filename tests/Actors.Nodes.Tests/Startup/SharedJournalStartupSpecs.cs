using System.Globalization;
using Actors.Testing;
using Microsoft.Data.Sqlite;

namespace Actors.Nodes.Tests.Startup;

/// <summary>
/// Nodes that start together on one fresh SQLite file all come up: none crashes with <c>database is locked</c>
/// while another one creates the file, switches it to WAL or creates the journal's tables. A node that finds the
/// file locked for longer than SQLite's busy timeout (another process holds it) says so and waits instead.
/// </summary>
public sealed class SharedJournalStartupSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly CliProcesses _processes = new("shared-journal", output);

    [Fact]
    public async Task Should_bring_up_every_node_started_at_once_on_one_fresh_file()
    {
        // arrange: a seed on a known port, so all can start at the same moment
        var seed = $"127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";

        // act: five processes at once, one fresh data/actors.db
        var nodes = StartTogether(seed, 5);

        // assert: each is up, and the seed sees all five
        var addresses = await AwaitUpAsync(nodes);
        foreach (var address in addresses)
            await nodes[0].WaitForLineAsync($"member up: {address}", Wait);
        Assert.All(nodes, n => Assert.False(n.HasExited));
        Assert.DoesNotContain(nodes, n => (n.Output + n.Error).Contains("database is locked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_wait_while_another_process_holds_the_file_locked_and_then_come_up()
    {
        // arrange: another process (an operator's sqlite3, a backup) holds an exclusive lock on the fresh file
        var file = _processes.Folder.File(Path.Combine("data", "actors.db"));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        holder.Open();
        Execute(holder, "CREATE TABLE held (x INTEGER); BEGIN EXCLUSIVE; INSERT INTO held VALUES (1);");
        var seed = $"127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";

        // act: three nodes start while it is held
        var nodes = StartTogether(seed, 3);

        // assert: each says it waits for the file (rather than dying after SQLite's 30 s busy timeout) ...
        foreach (var node in nodes)
            Assert.Contains("is locked by another process; waiting", await node.WaitForLineAsync("is locked by another process", Wait));
        Execute(holder, "ROLLBACK;");
        holder.Dispose();

        // ... and comes up once it is released
        await AwaitUpAsync(nodes);
        Assert.All(nodes, n => Assert.False(n.HasExited));
    }

    public void Dispose()
    {
        _processes.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private CliProcess[] StartTogether(string seed, int count)
    {
        var port = seed[(seed.LastIndexOf(':') + 1)..];
        return Enumerable.Range(0, count)
            .Select(i => _processes.Start(i == 0 ? ["node", "--port", port, "--seed", seed] : ["node", "--port", "0", "--seed", seed]))
            .ToArray();
    }

    /// <summary>Waits until each node has announced its address and seen itself up; returns the addresses.</summary>
    private static async Task<string[]> AwaitUpAsync(CliProcess[] nodes) =>
        await Task.WhenAll(nodes.Select(async node =>
        {
            const string announcement = "node starting at ";
            var line = await node.WaitForLineAsync(announcement, Wait);
            var address = line[(line.IndexOf(announcement, StringComparison.Ordinal) + announcement.Length)..].Split(' ')[0];
            await node.WaitForLineAsync($"member up: {address}", Wait);
            return address;
        }));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
