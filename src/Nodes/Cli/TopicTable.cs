using System.Globalization;
using System.Text;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>The tables <c>actors topics</c> prints.</summary>
internal static class TopicTable
{
    public static readonly string[] Header = ["TOPIC", "PARTITIONS", "MESSAGES", "END-OFFSETS", "GROUP", "COMMITTED", "LAG", "CONSUMING", "DROPPED"];

    public static readonly string[] PartitionHeader = ["TOPIC", "PARTITION", "START", "END", "GROUP", "COMMITTED", "LAG", "IN-FLIGHT", "DROPPED"];

    /// <summary>One row per group (or per partition and group); a topic without groups gets one row.</summary>
    public static IEnumerable<string[]> Rows(TopicSpec spec, IReadOnlyList<PartitionStatus> partitions, bool perPartition)
    {
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        if (perPartition)
        {
            foreach (var p in partitions.OrderBy(p => p.Partition))
            {
                if (p.Groups.Count == 0) yield return [spec.Name.Value, N(p.Partition), N(p.StartOffset), N(p.EndOffset), "-", "-", "-", "-", "-"];
                foreach (var g in p.Groups.OrderBy(g => g.Group.Value, StringComparer.Ordinal))
                    yield return [spec.Name.Value, N(p.Partition), N(p.StartOffset), N(p.EndOffset), g.Group.Value, N(g.CommittedOffset),
                        N(Math.Max(0, p.EndOffset - g.CommittedOffset)), N(g.InFlight), N(g.Dropped)];
            }

            yield break;
        }

        var messages = N(partitions.Sum(p => p.EndOffset - p.StartOffset));
        var ends = N(partitions.Sum(p => p.EndOffset));
        var groups = partitions.SelectMany(p => p.Groups.Select(g => (p, g))).GroupBy(x => x.g.Group.Value, StringComparer.Ordinal).ToList();
        if (groups.Count == 0) yield return [spec.Name.Value, N(spec.Partitions), messages, ends, "-", "-", "-", "-", "-"];
        foreach (var group in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var committed = group.Sum(x => x.g.CommittedOffset);
            var lag = group.Sum(x => Math.Max(0, x.p.EndOffset - x.g.CommittedOffset));
            var consuming = group.Count(x => x.g.HasConsumer);
            yield return [spec.Name.Value, N(spec.Partitions), messages, ends, group.Key, N(committed), N(lag), $"{consuming}/{spec.Partitions}", N(group.Sum(x => x.g.Dropped))];
        }
    }

    /// <summary>Left-aligned columns separated by two spaces.</summary>
    public static string Render(string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Prepend(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        return text.ToString();
    }
}
