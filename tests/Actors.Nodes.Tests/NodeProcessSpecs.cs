using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests;

/// <summary>
/// Nodes as real processes of the built <c>actors</c> command on loopback, with the quick failure detection of
/// <c>hocon/fast-failover.conf</c>: three form a cluster; one killed with SIGKILL is found unreachable and
/// downed by the split-brain resolver while the other two go on serving; SIGTERM makes the rest leave and
/// exit 0 (each within 30 s; the time is logged). A node that cannot join says which seeds it tried and why, and its log is one
/// console line per event at the level its config file sets. Every process is killed on dispose, and all
/// work in the spec's own temporary folder (their SQLite journal under <c>data/</c>).
/// </summary>
public sealed class NodeProcessSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(30);
    private static readonly string FastFailover = Path.Combine(AppContext.BaseDirectory, "hocon", "fast-failover.conf");
    private readonly CliProcesses _processes;
    private readonly ITestOutputHelper _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public NodeProcessSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("nodes", output, reportLines: 100);
    }

    [Fact]
    public async Task Should_form_a_cluster_down_a_killed_node_and_stop_the_others_cleanly()
    {
        // arrange: the first node forms the cluster; the second joins it through ACTORS_* variables, the third through options
        var first = await StartNodeAsync(["node", "--port", "0", "--config", FastFailover, "--roles", "broker,worker"]);
        var joining = new[]
        {
            StartNodeAsync(["node"], new Dictionary<string, string>
            {
                ["ACTORS_PORT"] = "0", ["ACTORS_SEED"] = first.Address, ["ACTORS_CONFIG"] = FastFailover, ["ACTORS_ROLES"] = "worker",
            }),
            StartNodeAsync(["node", "--port", "0", "--config", FastFailover, "--seed", first.HostPort]),
        };
        var (second, third) = (await joining[0], await joining[1]);
        NodeProcess[] nodes = [first, second, third];
        foreach (var node in nodes)
            foreach (var member in nodes)
                await node.Process.WaitForLineAsync($"member up: {member.Address}", Wait);
        Log("three nodes up");
        Assert.EndsWith("roles=[broker,worker]", await third.Process.WaitForLineAsync($"member up: {first.Address}", Wait));
        Assert.EndsWith("roles=[worker]", await third.Process.WaitForLineAsync($"member up: {second.Address}", Wait));
        var lines = await WriteFileAsync("lines.txt", string.Join('\n', Enumerable.Range(0, 20).Select(i => $"m{i}")));
        // The first publish waits for the topic's partitions to find homes on a fresh cluster: under load that took
        // over the CLI's default 10 s per confirm, so it gets the spec's own generous wait.
        var published = await RunAsync("publish", "events", "--file", lines, "--partitions", "3", "--quiet", "--node", second.HostPort,
            "--timeout", ((int)Wait.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        Assert.True(published.ExitCode == 0, published.Error);

        // act: SIGKILL the first node, the seed, leader and oldest member, which hosts the topic registry singleton
        first.Process.Kill();
        Log("first node killed");

        // assert: both survivors see it unreachable, then removed as Down (the split-brain resolver's doing)
        foreach (var survivor in new[] { second, third })
        {
            await survivor.Process.WaitForLineAsync($"member unreachable: {first.Address}", Wait);
            Assert.EndsWith("(was Down)", await survivor.Process.WaitForLineAsync($"member removed: {first.Address}", Wait));
        }

        Log("first node removed");
        Assert.Contains($"is downing [{first.Address}]", second.Process.Output + third.Process.Output);

        // ... and go on: the topic and its 20 messages are still there, and new ones are accepted
        var topics = await RunUntilSuccessAsync("topics", "--node", second.HostPort);
        Assert.Matches(@"\nevents\s+3\s+20\s+20\s", topics.Output);
        Log("the topic listed by a survivor");
        var more = await RunUntilSuccessAsync("publish", "events", "--file", lines, "--quiet", "--node", third.HostPort);
        Assert.Contains("published 20 messages to events", more.Output);
        Log("survivors answered");

        // SIGTERM: each survivor leaves the cluster and exits 0 (Akka's shutdown phases are bounded; 30 s leaves a loaded machine room)
        foreach (var survivor in new[] { second, third })
        {
            var stopping = Stopwatch.StartNew();
            Assert.Equal(0, await survivor.Process.StopAsync(StopWithin));
            Log($"node {survivor.Address} stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
            Assert.Contains($"member leaving: {survivor.Address}", survivor.Process.Output);
        }
    }

    [Fact]
    public async Task Should_say_which_seeds_it_tried_and_why_it_cannot_join()
    {
        // arrange: a node of another actor system, and a port where nothing listens
        var stranger = await StartNodeAsync(["node", "--port", "0", "--system-name", "strangers"]);
        var nobody = FreePort.Next();
        var config = await WriteFileAsync("impatient.conf", "actors.node.join-report-interval = 500ms");

        // act
        var lonely = await StartNodeAsync(["node", "--port", "0", "--config", config, "--seed", stranger.HostPort, "--seed", $"127.0.0.1:{nobody}"]);

        // assert
        var mismatch = await lonely.Process.WaitForLineAsync(
            $"akka.tcp://actors@{stranger.HostPort} -> connected, but no join reply (does that node use the same --system-name", Wait);
        Assert.Contains("not joined yet after", mismatch);
        var refused = await lonely.Process.WaitForLineAsync($"akka.tcp://actors@127.0.0.1:{nobody} -> connection refused", Wait);
        Assert.Contains("seeds tried:", refused);
        Assert.Equal(0, await lonely.Process.StopAsync(StopWithin));
        Assert.Equal(0, await stranger.Process.StopAsync(StopWithin));
    }

    [Fact]
    public async Task Should_log_through_the_console_in_one_line_per_event_at_the_configured_level()
    {
        // arrange
        var config = await WriteFileAsync("debug.conf", "akka.loglevel = DEBUG");

        // act: a one-node cluster, no seeds
        var node = await StartNodeAsync(["node", "--port", "0", "--config", config]);
        var up = await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);

        // assert: Microsoft.Extensions.Logging's console format, the message alone, and DEBUG let through
        Assert.Matches($@"^\d\d:\d\d:\d\d\.\d{{3}} info: Actors\.Nodes\.Cluster\.ClusterMembershipLogger\[0\] member up: {Regex.Escape(node.Address)} roles=\[\]$", up);
        Assert.Matches(@"(^|\n)\d\d:\d\d:\d\d\.\d{3} dbug: ", node.Process.Output);
        Assert.Equal(0, await node.Process.StopAsync(StopWithin));
    }

    [Fact]
    public async Task Should_refuse_a_port_in_use_with_one_line_and_exit_code_2()
    {
        // arrange
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        // act
        var result = await RunAsync("node", "--port", port.ToString());

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: 127.0.0.1:{port} is already in use\n", result.Error);
    }

    public void Dispose() => _processes.Dispose();

    private Task<NodeProcess> StartNodeAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        _processes.StartNodeAsync(args, Wait, environment);

    private Task<CliResult> RunAsync(params string[] args) => _processes.RunAsync(args, Wait);

    /// <summary>
    /// Runs a client command until it succeeds: after a node dies, the singletons and shards it hosted take a
    /// moment to start on a survivor, and a request in that window times out.
    /// </summary>
    private async Task<CliResult> RunUntilSuccessAsync(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var result = await _processes.RunAsync([.. args, "--timeout", "5"], Wait);
            if (result.ExitCode == 0) return result;
            Log($"'{string.Join(' ', args)}' failed ({result.ExitCode}): {result.Error.Trim()}");
            if (clock.Elapsed > Wait) throw new TimeoutException($"'{string.Join(' ', args)}' did not succeed within {Wait.TotalSeconds} s: {result.Error}");
        }
    }

    private Task<string> WriteFileAsync(string name, string content) => _processes.Folder.WriteAsync(name, content);

    private void Log(string message) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {message}");
}
