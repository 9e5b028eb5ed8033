using System.Globalization;
using System.Net;
using Actors.Testing;

namespace Actors.Nodes.Tests.Http;

/// <summary>
/// The metrics of a real <c>actors node</c> process: <c>/metrics</c> answers Prometheus text with the .NET runtime's
/// metrics (Actors' own instruments come from the meters the node subscribes to); <c>--metrics off</c> serves none;
/// <c>--otlp-endpoint</c> exports by OTLP/HTTP to a collector, here a listener in the spec that takes the POSTs; what the
/// CLI published and a group read shows in Actors' own counters, and the group's lag gauge goes back to 0.
/// </summary>
public sealed class NodeMetricsProcessSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly CliProcesses _processes = new("node-metrics", output);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Should_serve_prometheus_text_with_runtime_metrics_at_metrics()
    {
        // arrange
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);

        // act
        using var response = await _http.GetAsync($"http://{node.HttpAddress}/metrics");
        var text = await response.Content.ReadAsStringAsync();

        // assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_time_seconds_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_count_what_was_published_and_delivered_and_show_the_lag_back_at_zero()
    {
        // arrange: a node, a topic of 2 partitions, 200 lines published through the CLI
        const int count = 200;
        var node = await _processes.StartNodeAsync(["node", "--port", "0"], Wait);
        var timeout = ((int)Wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var created = await _processes.RunAsync(["topics", "create", "metered", "--partitions", "2", "--node", node.HostPort, "--timeout", timeout], Wait);
        Assert.True(created.ExitCode == 0, created.Error);
        var published = await _processes.RunAsync(["publish", "metered", "--quiet", "--node", node.HostPort, "--timeout", timeout], Wait,
            input: string.Join('\n', Enumerable.Range(0, count).Select(i => $"m{i}")) + "\n");
        Assert.True(published.ExitCode == 0, published.Error);

        // act: a group reads them all (and commits as it leaves)
        var consumed = await _processes.RunAsync(["consume", "metered", "--group", "metering", "--max", $"{count}", "--node", node.HostPort], Wait);
        Assert.True(consumed.ExitCode == 0, consumed.Error);

        // assert: /metrics counts the 200 written and delivered, and the group's lag goes back to 0
        var text = await Poll.UntilAsync(() => _http.GetStringAsync($"http://{node.HttpAddress}/metrics"),
            t => Sum(t, "actors_partition_published_messages_total", "metered") == count
                 && Sum(t, "actors_partition_delivered_messages_total", "metered") >= count
                 && Sum(t, "actors_consumer_lag", "metered") == 0,
            Wait, "the node's /metrics to count 200 published and delivered messages of 'metered' and a lag of 0",
            t => string.Join('\n', t.Split('\n').Where(l => l.Contains("metered", StringComparison.Ordinal))));
        Assert.Contains("messaging_consumer_group_name=\"metering\"", text, StringComparison.Ordinal);
        Assert.Contains("messaging_system=\"actors\"", text, StringComparison.Ordinal);
    }


    [Fact]
    public async Task Should_serve_no_metrics_when_off()
    {
        // arrange
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--metrics", "off"], Wait);

        // act
        using var response = await _http.GetAsync($"http://{node.HttpAddress}/metrics");

        // assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("metrics are off", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_export_metrics_by_otlp_to_the_collector_it_is_given()
    {
        // arrange: a collector that records what is POSTed to it
        var port = FreePort.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var metricsPost = ReceiveAsync(collector, "/v1/metrics");
        var config = await _processes.Folder.WriteAsync("otlp.conf", "actors.node.otlp-export-interval = 1s\n");

        // act
        await _processes.StartNodeAsync(["node", "--port", "0", "--config", config, "--otlp-endpoint", $"http://127.0.0.1:{port}"], Wait);

        // assert: a POST to /v1/metrics with an OTLP protobuf body
        var (method, contentType, length) = await metricsPost.WaitAsync(Wait);
        Assert.Equal("POST", method);
        Assert.Equal("application/x-protobuf", contentType);
        Assert.True(length > 0, "the OTLP metrics export had an empty body");
    }

    /// <summary>The sum of a Prometheus metric's samples over the series of <paramref name="topic"/>.</summary>
    private static double Sum(string text, string metric, string topic) => text.Split('\n')
        .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains($"messaging_destination_name=\"{topic}\"", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    public void Dispose()
    {
        _http.Dispose();
        _processes.Dispose();
    }

    /// <summary>Answers every request 200 until one comes to <paramref name="path"/>; that one's method, content type and body length.</summary>
    private static async Task<(string Method, string? ContentType, long Length)> ReceiveAsync(HttpListener listener, string path)
    {
        while (true)
        {
            var context = await listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var request = (context.Request.HttpMethod, context.Request.ContentType, body.Length, context.Request.Url?.AbsolutePath);
            context.Response.StatusCode = 200;
            context.Response.Close();
            if (request.AbsolutePath == path) return (request.HttpMethod, request.ContentType, request.Length);
        }
    }
}
