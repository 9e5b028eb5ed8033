using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// <c>actors cluster</c>, <c>cluster leave</c> and <c>cluster down</c> with the built executable against three node
/// processes that never down a member by themselves (no split-brain resolver), so what removes a member is the
/// operator's command: the members listed with status, reachability, roles and the leader (the same on a
/// terminal); a member asked to leave hands over, is removed and its process exits 0; a killed member shows as
/// unreachable until it is marked down (on a terminal), then is gone. An address no member has is one line and exit 2.
/// </summary>
public sealed class ClusterCliSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;

    public ClusterCliSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("cluster-admin", output);
    }

    [Fact]
    public async Task Should_list_members_and_remove_one_that_leaves_and_one_marked_down()
    {
        // arrange: three nodes with quick failure detection and no automatic downing
        var fastFailover = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "hocon", "fast-failover.conf"));
        var config = await _processes.Folder.WriteAsync("manual-downing.conf", $"{fastFailover}\nakka.cluster.downing-provider-class = \"\"\n");
        var first = await _processes.StartNodeAsync(["node", "--port", "0", "--config", config, "--roles", "broker"], Wait);
        var second = await _processes.StartNodeAsync(["node", "--port", "0", "--config", config, "--seed", first.HostPort], Wait);
        var third = await _processes.StartNodeAsync(["node", "--port", "0", "--config", config, "--seed", first.HostPort, "--roles", "worker"], Wait);
        foreach (var member in new[] { first, second, third }) await first.Process.WaitForLineAsync($"member up: {member.Address}", Wait);

        // act and assert: the listing, as the first node sees the cluster, on a terminal too
        var listed = await RunAsync(first, "cluster");
        Assert.Equal(0, listed.ExitCode);
        Assert.StartsWith("NODE ", listed.Output);
        Assert.Matches($@"\n{Regex.Escape(first.HostPort)}\s+Up\s+reachable\s+broker\s+(leader|-)\s+yes\n", listed.Output);
        Assert.Matches($@"\n{Regex.Escape(second.HostPort)}\s+Up\s+reachable\s+-\s+(leader|-)\s+-\n", listed.Output);
        Assert.Matches($@"\n{Regex.Escape(third.HostPort)}\s+Up\s+reachable\s+worker\s+(leader|-)\s+-\n", listed.Output);
        Assert.Single(Regex.Matches(listed.Output, @"\sleader\s"));
        var onTerminal = await Terminal.RunAsync(_processes.Folder.Path, ["cluster", "--node", first.HostPort, "--timeout", "60"], Wait);
        Assert.Equal((0, listed.Output), (onTerminal.ExitCode, onTerminal.Output));

        // leave: the second node is removed and its process exits 0 (asked through ACTORS_NODE rather than --node)
        var leave = await _processes.RunAsync(["cluster", "leave", second.HostPort, "--timeout", "60"], Wait,
            new Dictionary<string, string> { ["ACTORS_NODE"] = first.HostPort });
        Assert.Equal((0, $"member {second.HostPort} is leaving the cluster: it hands its partitions over, then stops\n"), (leave.ExitCode, leave.Output));
        await Poll.Until(() => second.Process.HasExited, Wait, "the node that left exited");
        Assert.Equal(0, second.Process.ExitCode);
        await UntilListedAsync(first, output => !output.Contains(second.HostPort, StringComparison.Ordinal), "the node that left no longer listed");

        // down: the third node killed shows unreachable, stays until marked down, then is gone
        third.Process.Kill();
        await UntilListedAsync(first, output => Regex.IsMatch(output, $@"\n{Regex.Escape(third.HostPort)}\s+Up\s+unreachable\s"), "the killed node listed as unreachable");
        var down = await Terminal.RunAsync(_processes.Folder.Path, ["cluster", "down", third.HostPort, "--node", first.HostPort, "--timeout", "60"], Wait);
        Assert.Equal((0, $"member {third.HostPort} is marked down: the cluster removes it without a hand-over\n"), (down.ExitCode, down.Output));
        await UntilListedAsync(first, output => !output.Contains(third.HostPort, StringComparison.Ordinal), "the node marked down no longer listed");
        Assert.Matches($@"\n{Regex.Escape(first.HostPort)}\s+Up\s+reachable\s+broker\s+leader\s+yes\n$", (await RunAsync(first, "cluster")).Output);

        var nobody = await RunAsync(first, "cluster", "leave", "127.0.0.1:1");
        Assert.Equal((2, "error: no member of the cluster has the address '127.0.0.1:1' (`actors cluster` lists them)\n"), (nobody.ExitCode, nobody.Error));
    }

    // Kills every node still running and writes what each printed to the output.
    public void Dispose() => _processes.Dispose();

    private async Task<CliResult> RunAsync(NodeProcess node, params string[] args)
    {
        var result = await _processes.RunAsync([.. args, "--node", node.HostPort, "--timeout", "60"], Wait);
        _output.WriteLine($"actors {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}{result.Error}");
        return result;
    }

    private Task UntilListedAsync(NodeProcess node, Func<string, bool> listed, string reason) =>
        Poll.UntilAsync(() => RunAsync(node, "cluster"), r => r.ExitCode == 0 && listed(r.Output), Wait, reason, r => r.Output + r.Error);
}
