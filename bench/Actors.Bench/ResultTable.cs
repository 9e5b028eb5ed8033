using System.Globalization;
using System.Text;

namespace Actors.Bench;

/// <summary>Prints the summary: each scenario's median throughput, median p50 and p99, and its ratio to the tell baseline.</summary>
public static class ResultTable
{
    public static string Render(IReadOnlyList<ScenarioResult> scenarios, ScenarioResult? baseline)
    {
        var text = new StringBuilder();
        var width = Math.Max(40, scenarios.Max(s => s.Name.Length) + 2);
        text.AppendLine(CultureInfo.InvariantCulture, $"| {"scenario".PadRight(width)} | {"msgs/s (median)",15} | {"p50 ms",8} | {"p99 ms",8} | {"vs tell",8} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|{new string('-', width + 2)}|{new string('-', 17)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|");
        foreach (var s in scenarios)
        {
            var ratio = baseline is null ? "n/a" : (s.MessagesPerSecond / baseline.MessagesPerSecond).ToString("P1", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Name.PadRight(width)} | {s.MessagesPerSecond,15:N0} | {s.P50Ms,8:N2} | {s.P99Ms,8:N2} | {ratio,8} |");
        }

        return text.ToString();
    }
}
