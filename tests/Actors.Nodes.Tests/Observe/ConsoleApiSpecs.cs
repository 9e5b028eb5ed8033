using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Actors.Nodes.Observe;
using Actors.Nodes.Tests.Cli;
using Actors.Testing;

namespace Actors.Nodes.Tests.Observe;

/// <summary>
/// The web console's JSON API and the CLI views over it, with the built executable against a node: after a topic is
/// created and N messages published, <c>GET /api/overview</c> shows the topic with end offsets summing to N, and a
/// group's lag goes to 0 once it consumed them; <c>/api/events</c> streams the same JSON as <c>overview</c> events; the
/// page and its files are served. <c>actors status</c> prints members, the topic and the group with its lag;
/// <c>actors top</c> prints frames with its output redirected, runs in a terminal (<c>script -qec</c>) until q, and a
/// node nothing answers at is one line and exit 2.
/// </summary>
public sealed class ConsoleApiSpecs : IDisposable
{
    private const int Messages = 60;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ConsoleApiSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("console-api", output);
    }

    [Fact]
    public async Task Should_show_a_topics_end_offsets_and_a_groups_lag_going_to_zero()
    {
        // arrange: a node, a topic of 3 partitions with N messages
        var node = await StartNodeAsync();
        Assert.Equal(0, (await RunAsync(node, "topics", "create", "orders", "--partitions", "3")).ExitCode);
        var lines = await _processes.Folder.WriteAsync("orders.txt", string.Join('\n', Enumerable.Range(0, Messages).Select(i => $"order {i}")) + "\n");
        Assert.Equal(0, (await RunAsync(node, "publish", "orders", "--file", lines, "--quiet")).ExitCode);

        // act and assert: the overview has the member and the topic with end offsets summing to N
        var overview = await UntilOverviewAsync(node, o => Topic(o, "orders") is { } t && t.Partitions.Sum(p => p.EndOffset) == Messages,
            $"the topic with {Messages} messages in the overview");
        var member = Assert.Single(overview.Members);
        Assert.Equal((node.Address, "Up", true, true), (member.Address, member.Status, member.Reachable, member.Self));
        var orders = Topic(overview, "orders")!;
        Assert.Equal([0, 1, 2], orders.Partitions.Select(p => p.Partition));
        Assert.All(orders.Partitions, p => Assert.Equal(node.Address, p.Node));

        // a group that read half has lag; once it read all, none
        Assert.Equal(0, (await RunAsync(node, "consume", "orders", "--group", "billing", "--max", $"{Messages / 2}")).ExitCode);
        overview = await UntilOverviewAsync(node, o => Group(o, "billing") is { Lag: > 0 } g && g.Partitions.Sum(p => p.Committed) + g.Lag == Messages,
            "the group with lag after reading half");
        Assert.Equal("orders", Group(overview, "billing")!.Topic);
        Assert.Equal(0, (await RunAsync(node, "consume", "orders", "--group", "billing", "--max", $"{Messages - Messages / 2}")).ExitCode);
        overview = await UntilOverviewAsync(node, o => Group(o, "billing") is { Lag: 0 } g && g.Partitions.Sum(p => p.Committed) == Messages,
            "the group's lag back to 0");
        Assert.All(Group(overview, "billing")!.Partitions, p => Assert.Equal((p.EndOffset, 0L), (p.Committed, p.Lag)));

        // the raw JSON is camelCase as the contract says
        var json = await _http.GetStringAsync($"http://{node.HttpAddress}/api/overview");
        Assert.Contains("\"messagesPerSecond\":", json);
        Assert.Contains("\"endOffset\":", json);

        // /api/events: an overview event with the same JSON
        using (var events = await _http.GetAsync($"http://{node.HttpAddress}/api/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
            string? line;
            while ((line = await reader.ReadLineAsync()) is not null && line != "event: overview") { }
            var data = await reader.ReadLineAsync();
            Assert.StartsWith("data: {", data);
            var streamed = System.Text.Json.JsonSerializer.Deserialize<Overview>(data!["data: ".Length..], Overview.Json)!;
            Assert.Equal(Messages, Topic(streamed, "orders")!.Partitions.Sum(p => p.EndOffset));
        }

        // the page and its files
        var page = await _http.GetAsync($"http://{node.HttpAddress}/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Actors console</title>", await page.Content.ReadAsStringAsync());
        Assert.Contains("EventSource", await _http.GetStringAsync($"http://{node.HttpAddress}/console.js"));
        Assert.Contains("prefers-color-scheme", await _http.GetStringAsync($"http://{node.HttpAddress}/console.css"));
    }

    [Fact]
    public async Task Should_print_status_and_top_and_quit_top_on_q_in_a_terminal()
    {
        // arrange: a node with a topic of 20 messages, 5 read by group audit
        var node = await StartNodeAsync();
        var lines = await _processes.Folder.WriteAsync("events.txt", string.Join('\n', Enumerable.Range(0, 20).Select(i => $"e{i}")) + "\n");
        Assert.Equal(0, (await RunAsync(node, "publish", "events", "--file", lines, "--partitions", "2", "--quiet")).ExitCode);
        Assert.Equal(0, (await RunAsync(node, "consume", "events", "--group", "audit", "--max", "5")).ExitCode);
        var http = new Dictionary<string, string> { ["ACTORS_HTTP"] = node.HttpAddress! };

        // act and assert: status, one screen (ACTORS_HTTP names the node)
        var status = await Poll.UntilAsync(() => _processes.RunAsync(["status"], Wait, http),
            r => r.ExitCode == 0 && Regex.IsMatch(r.Output, @"\baudit\s+events\s+2\s+5\s+20\s+15\b"), Wait, "status shows the group's lag", r => r.Output + r.Error);
        _output.WriteLine(status.Output);
        Assert.Matches($@"{Regex.Escape(node.HostPort)}\s+Up\s+reachable\s", status.Output);
        Assert.Matches(@"\bevents\s+2\s+" + Regex.Escape(node.HostPort) + @"\s+0\s+20\s", status.Output);
        foreach (var section in new[] { "Members", "Topics", "Groups", "Pipelines" }) Assert.Contains($"\n{section}\n", status.Output);

        // top with its output redirected: one plain frame per interval, no cursor control
        var redirected = await _processes.RunAsync(["top", "--http", node.HttpAddress!, "--interval", "0.5", "-n", "2"], Wait);
        Assert.Equal(0, redirected.ExitCode);
        Assert.Equal(2, Regex.Matches(redirected.Output, @"^Actors · node ", RegexOptions.Multiline).Count);
        Assert.DoesNotContain("\x1b", redirected.Output, StringComparison.Ordinal);

        // top in a terminal: frames drawn in place until q, then the cursor is back and the exit code 0
        using (var top = Terminal.Start(_processes.Folder.Path, ["top", "--http", node.HttpAddress!, "--interval", "0.5"]))
        {
            await Poll.Until(() => Regex.Matches(Terminal.Readable(top.RawOutput), @"\baudit\b").Count >= 2 || top.HasExited, Wait, "two frames of top in the terminal");
            Assert.False(top.HasExited, Terminal.Readable(top.RawOutput));
            await top.TypeAsync("q");
            var exit = await top.WaitForExitAsync(Wait);
            _output.WriteLine(Terminal.Readable(top.RawOutput));
            Assert.Equal(0, exit);
            Assert.Contains("\x1b[?25h", top.RawOutput, StringComparison.Ordinal);
        }

        // top for two frames in a terminal (as top -n), then done
        var framed = await Terminal.RunAsync(_processes.Folder.Path, ["top", "--http", node.HttpAddress!, "--interval", "0.5", "-n", "2"], Wait);
        Assert.Equal(0, framed.ExitCode);
        Assert.Contains("audit", framed.Output);

        // a node nothing answers at: one line, exit 2 as for the other client commands
        var nobody = await _processes.RunAsync(["status", "--http", $"127.0.0.1:{FreePort.Next()}"], Wait);
        Assert.Equal(2, nobody.ExitCode);
        Assert.Matches(@"^error: cannot reach the node's HTTP endpoint at 127\.0\.0\.1:\d+: .+\n$", nobody.Error);
        var topNobody = await _processes.RunAsync(["top", "--http", $"127.0.0.1:{FreePort.Next()}"], Wait);
        Assert.Equal(2, topNobody.ExitCode);
        Assert.Single(topNobody.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Should_read_a_node_with_tls_and_a_login_over_https_as_an_admin()
    {
        // arrange: a node with TLS and --auth, its admin from the environment, and a client certificate for the CLI
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca"], Wait)).ExitCode);
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca", "--node", "127.0.0.1", "--out", "node"], Wait)).ExitCode);
        Assert.Equal(0, (await _processes.RunAsync(["certs", "create", "--ca", "ca", "--client", "ops", "--out", "ops"], Wait)).ExitCode);
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--kafka-port", "off", "--auth",
            "--tls-cert", "node/node.crt", "--tls-key", "node/node.key", "--tls-ca", "node/ca.crt"], Wait,
            new Dictionary<string, string> { ["ACTORS_ADMIN_PASSWORD"] = "admin-secret" });
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        string[] tls = ["--http", node.HttpAddress!, "--tls-cert", "ops/client.crt", "--tls-key", "ops/client.key", "--tls-ca", "ops/ca.crt", "--timeout", "30"];

        // act and assert: the admin's login over https shows the node; without a login, one line and exit 1
        var status = await Poll.UntilAsync(() => _processes.RunAsync(["status", .. tls, "--user", "admin"], Wait,
                new Dictionary<string, string> { ["ACTORS_PASSWORD"] = "admin-secret" }),
            r => r.ExitCode == 0, Wait, "status as the admin over https", r => r.Output + r.Error);
        Assert.Matches($@"{Regex.Escape(node.HostPort)}\s+Up\s+reachable\s", status.Output);
        var anonymous = await _processes.RunAsync(["status", .. tls], Wait);
        Assert.Equal((1, $"error: the node at {node.HttpAddress} needs a login: give a user allowed admin (--user NAME, with ACTORS_PASSWORD or --password-file FILE)\n"),
            (anonymous.ExitCode, anonymous.Error));
        var untrusted = await _processes.RunAsync(["status", "--http", node.HttpAddress!], Wait);
        Assert.Equal(2, untrusted.ExitCode);
        Assert.Single(untrusted.Error.Trim().Split('\n'));
    }

    public void Dispose()
    {
        _http.Dispose();
        _processes.Dispose();
    }

    private static OverviewTopic? Topic(Overview overview, string name) => overview.Topics.FirstOrDefault(t => t.Name == name);

    private static OverviewGroup? Group(Overview overview, string name) => overview.Groups.FirstOrDefault(g => g.Group == name);

    private async Task<NodeProcess> StartNodeAsync()
    {
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        Assert.NotNull(node.HttpAddress);
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        return node;
    }

    private async Task<CliResult> RunAsync(NodeProcess node, params string[] args)
    {
        var result = await _processes.RunAsync([.. args, "--node", node.HostPort, "--timeout", "60"], Wait);
        _output.WriteLine($"actors {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}{result.Error}");
        return result;
    }

    private Task<Overview> UntilOverviewAsync(NodeProcess node, Func<Overview, bool> done, string reason) =>
        Poll.UntilAsync(async () => (await _http.GetFromJsonAsync<Overview>($"http://{node.HttpAddress}/api/overview", Overview.Json))!,
            done, Wait, reason, o => System.Text.Json.JsonSerializer.Serialize(o, Overview.Json));
}
