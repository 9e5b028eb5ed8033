using System.Globalization;
using Actors.Streams.Pipelines.Hosting;

namespace Actors.Nodes.Cli;

/// <summary>The table <c>actors pipelines</c> prints: node, elements in and out, elements/s, state.</summary>
internal static class PipelineTable
{
    /// <summary>The table; counts of pipelines that cannot be counted show as '-'.</summary>
    public static string Render(IReadOnlyList<PipelineInfo> pipelines)
    {
        if (pipelines.Count == 0) return "(no pipelines: `actors run FILE --seed host:port` submits one)\n";
        var rows = pipelines.Select(p => new[]
        {
            p.Name, p.Node.Length > 0 ? HostPort(p.Node) : "-", Count(p.ElementsIn), Count(p.ElementsOut),
            p.ElementsIn < 0 ? "-" : p.ElementsPerSecond.ToString("N1", CultureInfo.InvariantCulture), p.State,
        }).ToList();
        string[] header = ["NAME", "NODE", "IN", "OUT", "ELEMENTS/S", "STATE"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var lines = rows.Prepend(header).Select(r => string.Join("  ", r.Select((cell, i) =>
            i == r.Length - 1 ? cell : i is >= 2 and <= 4 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary><c>host:port</c> of a node's address (<c>akka.tcp://actors@host:port</c>).</summary>
    public static string HostPort(string address) => address.Contains('@') ? address[(address.IndexOf('@') + 1)..] : address;

    private static string Count(long value) => value < 0 ? "-" : value.ToString("N0", CultureInfo.InvariantCulture);
}
