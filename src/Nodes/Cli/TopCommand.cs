using System.CommandLine;
using System.Diagnostics;
using Actors.Nodes.Observe;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors top</c>: <c>actors status</c> refreshed every <c>--interval</c> seconds. On a terminal it redraws in place
/// (Spectre.Console's live display) with a sparkline of each topic's recent rate; <c>q</c> quits (exit 0), as does
/// the end of <c>--iterations N</c>; Ctrl-C or
/// SIGTERM too (130 or 143, as every command reports them), and the cursor comes back. With its output redirected it
/// prints one plain frame per interval, without cursor control. A node that does not answer at the start is one
/// line and the exit code of the other client commands; one that stops answering later shows as a warning in the
/// frame until it answers again.
/// </summary>
internal static class TopCommand
{
    private const int History = 40;

    public static Command Create()
    {
        var http = new HttpOptions();
        var interval = new Option<double?>("--interval") { Description = "Seconds between refreshes [default 1]" };
        var iterations = new Option<int?>("--iterations", "-n") { Description = "Quit after this many frames, as top -n [default: until q or Ctrl-C]" };
        var command = new Command("top", "Show the cluster like `actors status`, refreshed in place every second (q or Ctrl-C quits)") { interval, iterations };
        foreach (var option in http.All) command.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var every = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(interval) ?? 1, 0.2, 3600));
            using var stop = StopSignals.Listen(ct);
            var frames = Math.Max(1, parse.GetValue(iterations) ?? int.MaxValue);
            var code = await OverviewClient.Run(http.Read(parse), stop.Token, client => RunAsync(client, every, frames, stop.Token));
            return stop.ExitCode ?? code;
        });
        return command;
    }

    private static async Task<int> RunAsync(OverviewClient client, TimeSpan every, int frames, CancellationToken stop)
    {
        var rates = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        var overview = await client.GetAsync(stop);
        var console = StatusView.CreateConsole();
        var interactive = !Console.IsOutputRedirected;
        var keys = !Console.IsInputRedirected;
        var footer = interactive ? $"every {every.TotalSeconds:0.#} s · q quits" : null;
        string? problem = null;
        var shown = 0;

        IRenderable Frame()
        {
            shown++;
            Remember(rates, overview);
            var frame = StatusView.Render(overview, rates, footer);
            return problem is null ? frame : new Rows(frame, new Text($"! {problem}", new Style(Color.Red)));
        }

        async Task<bool> NextAsync()
        {
            if (shown >= frames || !await WaitAsync(every, keys, stop)) return false;
            try
            {
                overview = await client.GetAsync(stop);
                problem = null;
            }
            catch (ObserveException e)
            {
                problem = e.Message;
            }

            return true;
        }

        try
        {
            if (!interactive)
            {
                do
                {
                    console.Write(Frame());
                    console.WriteLine();
                    console.WriteLine();
                }
                while (await NextAsync());
                return ExitCodes.Ok;
            }

            await console.Live(Frame()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
            {
                while (await NextAsync())
                {
                    context.UpdateTarget(Frame());
                    context.Refresh();
                }
            });
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>Adds each topic's latest rate to its history (the last <see cref="History"/> samples).</summary>
    private static void Remember(Dictionary<string, IReadOnlyList<double>> rates, Overview overview)
    {
        foreach (var topic in overview.Topics)
        {
            var history = rates.TryGetValue(topic.Name, out var known) ? known.ToList() : [];
            history.Add(topic.MessagesPerSecond);
            rates[topic.Name] = history.Count > History ? history[^History..] : history;
        }
    }

    /// <summary>Waits <paramref name="every"/>; false when q was pressed or the command stopped.</summary>
    private static async Task<bool> WaitAsync(TimeSpan every, bool keys, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < every)
        {
            if (stop.IsCancellationRequested) return false;
            if (keys && Console.KeyAvailable)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.KeyChar is 'q' or 'Q' || key.Key == ConsoleKey.Escape) return false;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), stop);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }
}
