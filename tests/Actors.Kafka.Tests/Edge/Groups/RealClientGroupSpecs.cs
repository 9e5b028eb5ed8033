using System.Diagnostics;
using Actors.Kafka.Server;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// A real group consumer against the group coordinator: two kcat balanced consumers (librdkafka, <c>-G</c>) in one
/// group rebalance as the second joins and again when one is killed and its session runs out; the group is watched
/// with DescribeGroups. The data path is stubbed (<see cref="StubDataPath"/>): the consumers fetch nothing.
/// </summary>
public sealed class RealClientGroupSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;

    [Fact]
    public async Task Kcat_consumers_in_one_group_rebalance_when_one_joins_and_when_one_is_killed()
    {
        // arrange
        var kcat = ExternalTool.Require("kcat", "kcat");
        await using var cluster = await GroupCluster.StartAsync("kafka-group-kcat", output, StubDataPath.AddTo, "a");
        await using var watcher = await cluster.ConnectAsync(0, "watcher");
        const string group = "kcat-group";
        string[] Arguments(string clientId) =>
        [
            "-b", $"127.0.0.1:{cluster.Port(0)}", "-G", group, "-q", "-X", $"client.id={clientId}",
            "-X", "session.timeout.ms=3000", "-X", "heartbeat.interval.ms=300", "orders",
        ];
        Task<DescribeGroupsResponse.Group> GroupWhen(Func<DescribeGroupsResponse.Group, bool> condition, string why) =>
            Poll.UntilAsync(async () => (await watcher.AskAsync<DescribeGroupsResponse>(new DescribeGroupsRequest { Groups = [group] }, 5)).Groups[0],
                condition, Wait, why, g => $"{g.GroupState} with {string.Join(", ", g.Members.Select(m => m.ClientId))}");

        // act / assert: the first consumer alone gets both partitions
        using var first = Background.Start(kcat, Arguments("first"), output);
        var alone = await GroupWhen(g => g.GroupState == "Stable" && g.Members.Count == 1, "the first kcat in a Stable group");
        Assert.Equal(("consumer", "first"), (alone.ProtocolType, alone.Members[0].ClientId));
        Assert.NotEqual(0, alone.Members[0].MemberAssignment.Length);

        // the second joins: a rebalance gives each a share
        using var second = Background.Start(kcat, Arguments("second"), output);
        var both = await GroupWhen(g => g.GroupState == "Stable" && g.Members.Count == 2, "both kcats in a Stable group");
        Assert.Equal(["first", "second"], both.Members.Select(m => m.ClientId).Order());
        Assert.All(both.Members, m => Assert.NotEqual(0, m.MemberAssignment.Length));

        // the first is killed (no LeaveGroup): its session runs out and the second is alone again
        first.Kill();
        var survivor = await GroupWhen(g => g.GroupState == "Stable" && g.Members.Count == 1, "the second kcat alone after the first's session ran out");
        Assert.Equal("second", survivor.Members[0].ClientId);
    }

    /// <summary>A client process that runs until the spec kills it; its output goes to the spec's log when it ends.</summary>
    private sealed class Background : IDisposable
    {
        private readonly Process _process;
        private readonly ITestOutputHelper _output;
        private readonly StringBuilder _log = new();

        private Background(Process process, ITestOutputHelper output)
        {
            _process = process;
            _output = output;
        }

        public static Background Start(string program, IEnumerable<string> arguments, ITestOutputHelper output)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            var background = new Background(Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start"), output);
            background._process.OutputDataReceived += (_, e) => background.Append(e.Data);
            background._process.ErrorDataReceived += (_, e) => background.Append(e.Data);
            background._process.BeginOutputReadLine();
            background._process.BeginErrorReadLine();
            return background;
        }

        public void Kill()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            Kill();
            lock (_log) _output.WriteLine($"--- {_process.StartInfo.FileName} (pid {_process.Id}) exited {_process.ExitCode}\n{_log}");
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_log) _log.AppendLine(line);
        }
    }
}
