using System.Globalization;
using Actors.Testing;
using Microsoft.Playwright;

namespace Actors.Nodes.Tests.Observe;

/// <summary>
/// The web console in a real headless browser (Microsoft.Playwright driving Debian's chromium) against three node
/// processes with the cluster's fast fail-over settings (its split-brain resolver downs a dead member): the page lists
/// the three members; while a publisher runs, the topic's end offsets rise on the page; a group shows with its lag;
/// after kill -9 of a node the page shows it unreachable, then removed. Screenshots of each step go to
/// <c>$ACTORS_TEST_RESULTS/console</c> (else <c>console-screenshots</c> beside the test assembly).
/// </summary>
public sealed class ConsolePageSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly ITestOutputHelper _output;
    private readonly CliProcesses _processes;
    private readonly string _screenshots;

    public ConsolePageSpecs(ITestOutputHelper output)
    {
        _output = output;
        _processes = new CliProcesses("console-page", output);
        _screenshots = Path.Combine(Environment.GetEnvironmentVariable("ACTORS_TEST_RESULTS") is { Length: > 0 } results ? results : AppContext.BaseDirectory,
            Environment.GetEnvironmentVariable("ACTORS_TEST_RESULTS") is { Length: > 0 } ? "console" : "console-screenshots");
        Directory.CreateDirectory(_screenshots);
    }

    [ChromiumFact]
    public async Task Should_show_members_rising_offsets_and_a_killed_node_unreachable_then_removed()
    {
        var chromium = ChromiumFactAttribute.Path ?? throw new InvalidOperationException(ChromiumFactAttribute.Missing);

        // arrange: three nodes that down a dead member by themselves, a topic and a group
        var first = await StartNodeAsync();
        var second = await StartNodeAsync("--seed", first.HostPort);
        var third = await StartNodeAsync("--seed", first.HostPort);
        foreach (var member in new[] { first, second, third }) await first.Process.WaitForLineAsync($"member up: {member.Address}", Wait);
        Assert.Equal(0, (await RunAsync(first, "topics", "create", "clicks", "--partitions", "6")).ExitCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // As root (a CI container) chromium refuses to start with its sandbox on.
            Args = Environment.UserName == "root" ? ["--no-sandbox", "--disable-dev-shm-usage"] : ["--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        page.Console += (_, message) => _output.WriteLine($"page console: {message.Text}");
        await page.GotoAsync($"http://{first.HttpAddress}/");

        // act and assert: three members, all up and reachable
        await UntilAsync(page, async () => await page.Locator("[data-member][data-status=Up][data-reachable=true]").CountAsync() == 3, "three members up on the page");
        await ShotAsync(page, "1-members");

        // a publisher runs: the topic's offsets rise on the page
        var publisher = _processes.Start(["publish", "clicks", "--node", first.HostPort, "--quiet", "--timeout", "60"]);
        using var publishing = new CancellationTokenSource();
        var feed = FeedAsync(publisher, publishing.Token);
        var topic = page.Locator("tr[data-topic=clicks]");
        await UntilAsync(page, async () => await EndAsync(topic) > 0, "the topic's first messages on the page");
        var seen = await EndAsync(topic);
        await UntilAsync(page, async () => await EndAsync(topic) > seen, "the topic's end offsets rising on the page");
        seen = await EndAsync(topic);
        await UntilAsync(page, async () => await EndAsync(topic) > seen, "the topic's end offsets rising again on the page");
        Assert.Equal(0, (await RunAsync(first, "consume", "clicks", "--group", "dashboard", "--max", "40")).ExitCode);
        await UntilAsync(page, async () => await page.Locator("tr[data-group=dashboard]").CountAsync() == 1, "the group on the page");
        // A few more seconds of publishing draw the sparkline (a point a second).
        await UntilAsync(page, async () => await SparkPointsAsync(page, "clicks") >= 12, "the topic's sparkline drawn over 12 s");
        await ShotAsync(page, "2-publishing");
        await publishing.CancelAsync();
        await feed;
        publisher.CloseInput();
        Assert.Equal(0, await publisher.WaitForExitAsync(Wait));
        var lag = long.Parse((await page.Locator("tr[data-group=dashboard]").GetAttributeAsync("data-lag"))!, CultureInfo.InvariantCulture);
        Assert.True(lag > 0, $"the group's lag on the page: {lag}");

        // kill -9 of the third node: unreachable on the page, then removed
        third.Process.Kill();
        var killed = page.Locator($"[data-member=\"{third.HostPort}\"]");
        // One locator, so the state and its badge are read from the same render: the page redraws every second, and
        // the node may be removed (no reachability badge then) between two separate reads.
        var unreachable = page.Locator($"[data-member=\"{third.HostPort}\"][data-reachable=false]:not([data-status=Removed]) .badge.bad");
        await UntilAsync(page, async () => await unreachable.CountAsync() == 1, "the killed node unreachable on the page, with its badge");
        await ShotAsync(page, "3-unreachable");
        await UntilAsync(page, async () => await killed.GetAttributeAsync("data-status") == "Removed", "the killed node removed on the page");
        await ShotAsync(page, "4-removed");
        Assert.Equal(2, await page.Locator("[data-member][data-status=Up][data-reachable=true]").CountAsync());
    }

    public void Dispose() => _processes.Dispose();

    /// <summary>Ten lines every 100 ms on the publisher's standard input, until cancelled.</summary>
    private static async Task FeedAsync(CliProcess publisher, CancellationToken stop)
    {
        var n = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await publisher.WriteInputAsync(string.Concat(Enumerable.Range(0, 10).Select(_ => $"click {n++}\n")));
                await Task.Delay(100, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<int> SparkPointsAsync(IPage page, string topic)
    {
        var line = page.Locator($"tr[data-topic={topic}] svg.spark polyline");
        return await line.CountAsync() == 1 ? (await line.GetAttributeAsync("points"))!.Split(' ').Length : 0;
    }

    private static async Task<long> EndAsync(ILocator topic) =>
        await topic.CountAsync() == 1 ? long.Parse((await topic.GetAttributeAsync("data-end"))!, CultureInfo.InvariantCulture) : -1;

    private async Task UntilAsync(IPage page, Func<Task<bool>> condition, string reason)
    {
        try
        {
            await Poll.UntilAsync(condition, Wait, reason);
        }
        catch (TimeoutException)
        {
            await ShotAsync(page, "failed");
            _output.WriteLine(await page.Locator("main").InnerTextAsync());
            throw;
        }
    }

    private async Task ShotAsync(IPage page, string name)
    {
        var path = Path.Combine(_screenshots, $"console-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
    }

    private Task<NodeProcess> StartNodeAsync(params string[] args) =>
        _processes.StartNodeAsync(["node", "--port", "0", "--config", Path.Combine(AppContext.BaseDirectory, "hocon", "fast-failover.conf"), .. args], Wait);

    private async Task<CliResult> RunAsync(NodeProcess node, params string[] args)
    {
        var result = await _processes.RunAsync([.. args, "--node", node.HostPort, "--timeout", "60"], Wait);
        _output.WriteLine($"actors {string.Join(' ', args)} -> {result.ExitCode}\n{result.Output}{result.Error}");
        return result;
    }
}
