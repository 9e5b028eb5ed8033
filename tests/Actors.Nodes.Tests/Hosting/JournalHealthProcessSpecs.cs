using System.Diagnostics;
using System.Globalization;
using Actors.Testing;
using Microsoft.Data.Sqlite;

namespace Actors.Nodes.Tests.Hosting;

/// <summary>
/// Defect 8 of issue 10, with real node processes: a node whose journal stops taking writes must not stay Up
/// holding partitions whose publishes all time out. Two nodes, each with its own SQLite journal file; the spec
/// takes the write lock of one node's file (as a stuck writer or a hung database would) and holds it. That node
/// must log one line, leave the cluster and exit 1, and publishes through the other node must then be confirmed.
/// (Making the file read-only does not do it: SQLite keeps writing through the descriptors it already has open.)
/// </summary>
public sealed class JournalHealthProcessSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Recover = TimeSpan.FromSeconds(180);
    private const string GiveUpLine = "): leaving the cluster so its partitions move to healthy nodes";
    private static readonly string FastFailover = Path.Combine(AppContext.BaseDirectory, "hocon", "fast-failover.conf");
    private readonly CliProcesses _processes;
    private readonly ITestOutputHelper _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public JournalHealthProcessSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("journal-health", output, reportLines: 80);
    }

    [Fact]
    public async Task Should_leave_the_cluster_when_its_journal_takes_no_writes_so_publishes_go_to_a_healthy_node()
    {
        // arrange: two nodes, journals data/a.db and data/b.db, and a topic whose partitions live on both
        var healthy = await StartNodeAsync("a", []);
        var failing = await StartNodeAsync("b", ["--seed", healthy.HostPort]);
        foreach (var node in new[] { healthy, failing })
            foreach (var member in new[] { healthy, failing })
                await node.Process.WaitForLineAsync($"member up: {member.Address}", Wait);
        var lines = await _processes.Folder.WriteAsync("lines.txt", string.Join('\n', Enumerable.Range(0, 400).Select(i => $"key{i % 40}|m{i}")));
        var first = await PublishAsync(lines, healthy, "--partitions", "8");
        Assert.True(first.ExitCode == 0, first.Error);
        Log("both nodes up; 400 messages published over 8 partitions");

        // act: hold the write lock of node b's journal (readers go on; every writer waits, then fails)
        using var locker = new SqliteConnection($"Data Source={_processes.Folder.File("data/b.db")}");
        locker.Open();
        using var writeLock = locker.BeginTransaction(deferred: false);
        Log("node b's journal locked");

        // assert: publishes through node a are all confirmed again once node b has given its partitions up
        var clock = Stopwatch.StartNew();
        CliResult published;
        while ((published = await PublishAsync(lines, healthy, "--timeout", "10")).ExitCode != 0)
        {
            Log($"publish through node a failed: {published.Error.Trim()}");
            Assert.True(clock.Elapsed < Recover, $"publishes through node a still failing after {Recover.TotalSeconds} s: {published.Error}");
        }

        Log($"publishes confirmed again after {clock.Elapsed.TotalSeconds:0.0} s");
        var said = await failing.Process.WaitForLineAsync(GiveUpLine, Wait);
        Assert.Contains("journal unwritable (", said);
        Assert.Single(failing.Process.Output.Split('\n'), l => l.Contains(GiveUpLine, StringComparison.Ordinal));
        Assert.EndsWith("(was Exiting)", await healthy.Process.WaitForLineAsync($"member removed: {failing.Address}", Wait));
        Assert.Equal(1, await failing.Process.WaitForExitAsync(Wait));
        writeLock.Rollback();
    }

    public void Dispose()
    {
        _processes.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private async Task<NodeProcess> StartNodeAsync(string name, string[] args)
    {
        var failover = await File.ReadAllTextAsync(FastFailover);
        var config = await _processes.Folder.WriteAsync($"{name}.conf", $"{failover}\nactors.storage.sqlite.path = \"data/{name}.db\"\n");
        return await _processes.StartNodeAsync(["node", "--port", "0", "--config", config, .. args], Wait);
    }

    private Task<CliResult> PublishAsync(string file, NodeProcess node, params string[] more) =>
        _processes.RunAsync(["publish", "events", "--file", file, "--key-separator", "|", "--quiet", "--node", node.HostPort,
            .. (more.Contains("--timeout") ? more : [.. more, "--timeout", ((int)Wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)])], Wait + Wait);

    private void Log(string message) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {message}");
}
