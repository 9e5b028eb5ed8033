using Actors.Kafka.Server;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// Real group consumers against the group coordinator, the group watched with DescribeGroups: two kcat balanced
/// consumers (librdkafka, <c>-G</c>) rebalance as the second joins and again when one is killed and its session runs
/// out; kafka-python 2.0.2 consumers (the older API versions: JoinGroup v2, OffsetCommit v2) rebalance as one joins
/// and leaves, commit offsets, and a consumer started afterwards reads them back. The data path is stubbed
/// (<see cref="StubDataPath"/>): the consumers fetch nothing.
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

    private const string KafkaPythonScript = """
        import sys, time
        from kafka import KafkaConsumer, TopicPartition
        from kafka.structs import OffsetAndMetadata
        address, group, mode = sys.argv[1], sys.argv[2], sys.argv[3]
        common = dict(bootstrap_servers=address, group_id=group, client_id=mode, enable_auto_commit=False,
                      session_timeout_ms=6000, heartbeat_interval_ms=500, fetch_max_wait_ms=200,
                      request_timeout_ms=30000, api_version_auto_timeout_ms=30000)
        if mode == "resume":
            c = KafkaConsumer(**common)
            print("resumed", [(p, c.committed(TopicPartition("orders", p))) for p in (0, 1)], flush=True)
            c.close()
            sys.exit(0)
        c = KafkaConsumer("orders", **common)
        last, deadline = None, time.time() + 90
        while time.time() < deadline:
            c.poll(timeout_ms=200)
            now = sorted(tp.partition for tp in c.assignment())
            if now != last:
                print("assigned", now, flush=True)
                last = now
            if mode == "commit" and now:
                c.commit({TopicPartition("orders", p): OffsetAndMetadata(10 + p, "kp") for p in (0, 1)})
                print("committed", flush=True)
                c.close()
                sys.exit(0)
        """;

    [Fact]
    public async Task Kafka_python_consumers_rebalance_commit_and_resume_from_the_committed_offsets()
    {
        // arrange
        var python = ExternalTool.Require("/usr/bin/python3", "python3-kafka");
        await using var cluster = await GroupCluster.StartAsync("kafka-group-python", output, StubDataPath.AddTo, "a");
        await using var watcher = await cluster.ConnectAsync(0, "watcher");
        const string group = "python-group";
        var address = $"127.0.0.1:{cluster.Port(0)}";
        Task<DescribeGroupsResponse.Group> GroupWhen(Func<DescribeGroupsResponse.Group, bool> condition, string why) =>
            Poll.UntilAsync(async () => (await watcher.AskAsync<DescribeGroupsResponse>(new DescribeGroupsRequest { Groups = [group] }, 5)).Groups[0],
                condition, Wait, why, g => $"{g.GroupState} with {string.Join(", ", g.Members.Select(m => m.ClientId))}");

        // act: a first consumer stays; a second joins, commits and closes (LeaveGroup)
        using var first = Background.Start(python, ["-c", KafkaPythonScript, address, group, "stay"], output);
        await GroupWhen(g => g.GroupState == "Stable" && g.Members.Count == 1, "the first consumer in a Stable group");
        await Poll.Until(() => first.Output.Contains("assigned [0, 1]"), Wait, "the first consumer assigned both partitions");
        var committing = await ExternalTool.RunAsync(python, ["-c", KafkaPythonScript, address, group, "commit"], Wait);
        output.WriteLine(committing.ToString());
        await Poll.Until(() => first.Output.Split('\n').Count(l => l.StartsWith("assigned [0, 1]", StringComparison.Ordinal)) == 2, Wait,
            "the first consumer given both partitions again after the second left");
        first.Kill();
        var resumed = await ExternalTool.RunAsync(python, ["-c", KafkaPythonScript, address, group, "resume"], Wait);
        output.WriteLine(resumed.ToString());
        var fetched = await watcher.AskAsync<OffsetFetchResponse>(new OffsetFetchRequest { GroupId = group, Topics = null }, 7);

        // assert: one partition each while both were in, the commit kept with its metadata
        Assert.Equal(0, committing.ExitCode);
        Assert.Matches(@"assigned \[[01]\]", committing.Output);
        Assert.Contains("committed", committing.Output);
        Assert.Matches(@"assigned \[[01]\]", first.Output);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("resumed [(0, 10), (1, 11)]", resumed.Output);
        Assert.Equal([(0, 10L, "kp"), (1, 11L, "kp")], fetched.Topics.Single().Partitions.Select(p => (p.PartitionIndex, p.CommittedOffset, p.Metadata)));
    }
}
