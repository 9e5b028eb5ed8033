using System.Net;
using System.Net.Sockets;
using Actors.Testing;
using Microsoft.Data.Sqlite;

namespace Actors.Nodes.Tests.Http;

/// <summary>
/// The HTTP endpoint of a real <c>actors node</c> process: its start line names it (<c>http=host:port</c>), it
/// answers <c>/health/live</c> and <c>/health/ready</c>; ready turns 503 while the node's journal takes no writes
/// (the spec holds its SQLite write lock, as <see cref="Hosting.JournalHealthProcessSpecs"/> does) and 200 again
/// once it does, while live stays 200. <c>--http-port off</c> opens nothing; a bad port is one line and exit 2.
/// </summary>
public sealed class NodeHttpProcessSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    /// <summary>A journal that counts as unwritable after a few seconds without a write, on a lone node that stays.</summary>
    private const string FastJournalHealth = """
        actors.health.journal { probe-interval = 1s, retry-interval = 500ms, probe-timeout = 2s, unwritable-after = 3s }
        """;

    private readonly CliProcesses _processes = new("node-http", output);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Should_name_its_http_endpoint_in_the_start_line_and_answer_live_and_ready()
    {
        // act
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);

        // assert
        Assert.Matches(@"^127\.0\.0\.1:\d+$", node.HttpAddress);
        Assert.DoesNotContain(":0", node.HttpAddress!, StringComparison.Ordinal);
        var live = await _http.GetAsync($"http://{node.HttpAddress}/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await AwaitStatusAsync(node, "/health/ready", HttpStatusCode.OK, "the node to be ready");
    }

    [Fact]
    public async Task Should_turn_not_ready_while_its_journal_takes_no_writes_and_ready_again_after_while_staying_live()
    {
        // arrange: a ready node
        var config = await _processes.Folder.WriteAsync("health.conf", FastJournalHealth);
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--config", config], Wait);
        await AwaitStatusAsync(node, "/health/ready", HttpStatusCode.OK, "the node to be ready");

        // act: hold the write lock of its journal (readers go on; every writer waits, then fails)
        using (var locker = new SqliteConnection($"Data Source={_processes.Folder.File("data/actors.db")}"))
        {
            locker.Open();
            using var writeLock = locker.BeginTransaction(deferred: false);

            // assert: not ready, with the journal's reason; still live
            var body = await AwaitStatusAsync(node, "/health/ready", HttpStatusCode.ServiceUnavailable, "ready to turn 503 with the journal locked");
            Assert.Contains("journal unwritable", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"http://{node.HttpAddress}/health/live")).StatusCode);
            writeLock.Rollback();
        }

        // assert: ready again once writes complete
        SqliteConnection.ClearAllPools();
        await AwaitStatusAsync(node, "/health/ready", HttpStatusCode.OK, "ready to turn 200 once the journal takes writes");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"http://{node.HttpAddress}/health/live")).StatusCode);
    }

    [Fact]
    public async Task Should_open_no_http_endpoint_when_off()
    {
        // act
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--http-port", "off"], Wait);

        // assert
        Assert.Null(node.HttpAddress);
        Assert.DoesNotContain("http=", node.Process.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--http-port", "abc", "is not a port number (0-65535; 0 picks a free one) or off")]
    [InlineData("--http-port", "70000", "is not a port number (0-65535; 0 picks a free one) or off")]
    [InlineData("--metrics", "maybe", "is not one of 1, true, yes, on, 0, false, no, off")]
    [InlineData("--otlp-endpoint", "collector:4318", "is not an http:// or https:// URL (an OTLP collector, like http://127.0.0.1:4318)")]
    public async Task Should_refuse_a_bad_http_or_telemetry_option_with_one_line(string option, string value, string problem)
    {
        // act
        var refused = await _processes.RunAsync(["node", "--port", "0", option, value], Wait);

        // assert
        Assert.Equal($"error: {option}: '{value}' {problem}\n", refused.Error);
        Assert.Equal(2, refused.ExitCode);
    }

    [Fact]
    public async Task Should_refuse_to_start_on_a_taken_http_port_with_one_line()
    {
        // arrange: another process listens on the port
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // act
        var refused = await _processes.RunAsync(["node", "--port", "0", "--http-port", port], Wait);

        // assert
        Assert.Equal($"error: 127.0.0.1:{port} is already in use\n", refused.Error);
        Assert.Equal(2, refused.ExitCode);
    }

    public void Dispose()
    {
        _http.Dispose();
        _processes.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Asks <paramref name="path"/> until it answers <paramref name="status"/>; returns that answer's body.</summary>
    private async Task<string> AwaitStatusAsync(NodeProcess node, string path, HttpStatusCode status, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "";
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync($"http://{node.HttpAddress}{path}");
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == status) return body;
                last = $"{(int)response.StatusCode} {body}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            if (clock.Elapsed > Wait) throw new TimeoutException($"waited {Wait.TotalSeconds} s for {what}; {path} last answered: {last}");
            await Task.Delay(200);
        }
    }
}
