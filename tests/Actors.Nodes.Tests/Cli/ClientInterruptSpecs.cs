using Actors.Client;
using Actors.Consumers;
using Actors.Testing;
using Actors.Topics;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// Ctrl-C (SIGINT) stops a client command that would otherwise wait forever, within seconds and with exit 130, as
/// the README says: <c>publish</c> reading a standard input that never ends names the line to resume from, and
/// <c>consume</c> waiting for messages that never come leaves its group. Before, System.CommandLine (which listens
/// for no signal unless asked) let SIGINT kill them where they stood: no resume line, and the consumer stayed a
/// member of its group until the node's failure detector gave up on it. The exit code alone cannot tell the two
/// apart: .NET (as shells do) reports a process killed by SIGINT as 130.
/// </summary>
public sealed class ClientInterruptSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How soon a consumer stopped with Ctrl-C is out of its group: it leaves at once, where a killed one stays a
    /// member until the node's watch failure detector gives up on it (10 s and more).
    /// </summary>
    private static readonly TimeSpan LeftWithin = TimeSpan.FromSeconds(5);

    private readonly CliProcesses _processes = new("interrupt", output, reportLines: 40);

    [Fact]
    public async Task Should_stop_publish_reading_an_endless_input_on_sigint_with_exit_130_and_the_line_to_resume_from()
    {
        // arrange: two lines written and stored, and the input left open
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        var publish = _processes.Start(["publish", "endless", "--partitions", "1", "--node", node.HostPort]);
        await publish.WriteInputAsync("one\ntwo\n");
        await using var observer = await GatewayClient.ConnectAsync(node.HostPort, "actors", Wait);
        await Poll.UntilAsync(async () => await StoredAsync(observer, "endless") == 2, Wait, "both lines stored");

        // act
        var exit = await publish.InterruptAsync(StopWithin);

        // assert
        Assert.Equal(130, exit);
        Assert.Equal("interrupted; first unconfirmed line 3; resume with --resume-from 3\n", publish.Error);
    }

    [Fact]
    public async Task Should_stop_consume_waiting_for_messages_on_sigint_with_exit_130_and_leave_its_group()
    {
        // arrange: a consumer that has read the only message and waits for more
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        var published = await _processes.RunAsync(["publish", "quiet", "--node", node.HostPort], Wait, input: "only\n");
        Assert.True(published.ExitCode == 0, published.Error);
        var consume = _processes.Start(["consume", "quiet", "--group", "readers", "--node", node.HostPort]);
        await consume.WaitForLineAsync("only", Wait);
        await using var observer = await GatewayClient.ConnectAsync(node.HostPort, "actors", Wait);
        Assert.Single((await MembersAsync(observer)).Members);

        // act
        var exit = await consume.InterruptAsync(StopWithin);

        // assert
        Assert.Equal(130, exit);
        Assert.Equal("", consume.Error);
        Assert.Equal("only\n", consume.Output);
        await Poll.UntilAsync(async () => (await MembersAsync(observer)).Members.Count == 0, LeftWithin, "the consumer left its group");
    }

    public void Dispose() => _processes.Dispose();

    private static Task<GroupDescription> MembersAsync(GatewayClient observer) =>
        observer.Topics.DescribeGroupAsync(new TopicName("quiet"), new GroupName("readers"), Wait);

    private static async Task<long> StoredAsync(GatewayClient observer, string topic)
    {
        try
        {
            var status = await observer.Topics.GetStatusAsync(new TopicName(topic), Wait);
            return status.Sum(p => p.EndOffset - p.StartOffset);
        }
        catch (TopicException)
        {
            return 0; // not created yet
        }
    }
}
