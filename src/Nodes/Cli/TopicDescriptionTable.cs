using System.Globalization;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// The three tables <c>actors topics describe</c> prints: the topic's settings, its partitions (hosting node,
/// offsets, retained messages) and its groups' positions per partition (committed, lag, in flight, consuming).
/// </summary>
internal static class TopicDescriptionTable
{
    public static readonly string[] SettingsHeader =
        ["TOPIC", "PARTITIONS", "RETENTION-AGE", "RETENTION-MESSAGES", "MAX-MESSAGE", "VISIBILITY-TIMEOUT", "MAX-ATTEMPTS", "DEAD-LETTERS"];

    public static readonly string[] PartitionHeader = ["PARTITION", "NODE", "START", "END", "MESSAGES"];

    public static readonly string[] GroupHeader = ["GROUP", "PARTITION", "COMMITTED", "LAG", "IN-FLIGHT", "CONSUMING"];

    public static string Render(TopicSpec spec, IReadOnlyList<PartitionDescription> partitions, string deadLetterSuffix)
    {
        string[] settings =
        [
            spec.Name.Value, N(spec.Partitions), Durations.Format(spec.RetentionAge), spec.RetentionMessagesText, Bytes(spec.MaxMessageBytes),
            Durations.Format(spec.VisibilityTimeout), spec.MaxDeliveryAttempts == int.MaxValue ? "-" : N(spec.MaxDeliveryAttempts),
            spec.DeadLetterTopic(deadLetterSuffix)?.Value ?? "-",
        ];
        var ordered = partitions.OrderBy(p => p.Status.Partition).ToList();
        var partitionRows = ordered.Select(p => new[]
        {
            N(p.Status.Partition), ClusterTable.HostPort(p.Node), N(p.Status.StartOffset), N(p.Status.EndOffset), N(p.Status.EndOffset - p.Status.StartOffset),
        }).ToList();
        var groupRows = ordered
            .SelectMany(p => p.Status.Groups.Select(g => (Partition: p.Status, Group: g)))
            .OrderBy(x => x.Group.Group.Value, StringComparer.Ordinal).ThenBy(x => x.Partition.Partition)
            .Select(x => new[]
            {
                x.Group.Group.Value, N(x.Partition.Partition), N(x.Group.CommittedOffset), N(Math.Max(0, x.Partition.EndOffset - x.Group.CommittedOffset)),
                N(x.Group.InFlight), x.Group.HasConsumer ? "yes" : "no",
            }).ToList();
        var groups = groupRows.Count == 0 ? "(no consumer groups)\n" : TopicTable.Render(GroupHeader, groupRows);
        return $"{TopicTable.Render(SettingsHeader, [settings])}\n{TopicTable.Render(PartitionHeader, partitionRows)}\n{groups}";
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Bytes in the largest binary unit that measures them exactly, as the HOCON files write sizes (<c>1 MiB</c>).</summary>
    private static string Bytes(long bytes) => bytes switch
    {
        > 0 when bytes % (1024 * 1024) == 0 => $"{N(bytes / (1024 * 1024))} MiB",
        > 0 when bytes % 1024 == 0 => $"{N(bytes / 1024)} KiB",
        _ => $"{N(bytes)} B",
    };
}
