using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Actors.Nodes.Observe;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Actors.Nodes.Http;

/// <summary>
/// The web console and the JSON API behind it: <c>GET /</c> (with <c>/console.js</c> and <c>/console.css</c>, plain
/// files embedded in the assembly: nothing fetched from elsewhere), <c>GET /api/overview</c> (the cluster as this node
/// sees it, <see cref="Overview"/>, gathered by <see cref="OverviewCollector"/>) and <c>GET /api/events</c>
/// (server-sent events: one <c>overview</c> event a second with the same JSON, until the client goes or the node stops).
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>How often <c>/api/events</c> sends an overview.</summary>
    public static readonly TimeSpan EventInterval = TimeSpan.FromSeconds(1);

    private static readonly ConcurrentDictionary<string, byte[]?> Files = new(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder e)
    {
        e.MapGet("/", context => ServeAsync(context, "index.html", "text/html; charset=utf-8"));
        e.MapGet("/index.html", context => ServeAsync(context, "index.html", "text/html; charset=utf-8"));
        e.MapGet("/console.js", context => ServeAsync(context, "console.js", "text/javascript; charset=utf-8"));
        e.MapGet("/console.css", context => ServeAsync(context, "console.css", "text/css; charset=utf-8"));
        e.MapGet("/api/overview", OverviewAsync);
        e.MapGet("/api/events", EventsAsync);
        return e;
    }

    private static async Task OverviewAsync(HttpContext context)
    {
        var collector = OverviewCollector.Get(context.RequestServices.GetRequiredService<ActorSystem>());
        var overview = await collector.GetAsync(context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, overview, Overview.Json, context.RequestAborted);
    }

    private static async Task EventsAsync(HttpContext context)
    {
        var collector = OverviewCollector.Get(context.RequestServices.GetRequiredService<ActorSystem>());
        // The stream ends when the client goes, and when the node stops (or the server would wait for it to end).
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var ct = end.Token;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Response.ContentType = "text/event-stream";
        using var timer = new PeriodicTimer(EventInterval);
        try
        {
            await context.Response.WriteAsync("retry: 1000\n\n", ct);
            do
            {
                var overview = await collector.GetAsync(ct);
                var json = JsonSerializer.Serialize(overview, Overview.Json);
                await context.Response.WriteAsync($"event: overview\ndata: {json}\n\n", Encoding.UTF8, ct);
                await context.Response.Body.FlushAsync(ct);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away, or the node is stopping: the stream simply ends.
        }
    }

    private static async Task ServeAsync(HttpContext context, string name, string contentType)
    {
        if (File(name) is not { } bytes)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>An embedded file of the console (<c>src/Nodes/Observe/Console</c>), read once.</summary>
    internal static byte[]? File(string name) => Files.GetOrAdd(name, static n =>
    {
        using var stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream("console/" + n);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
