using System.Globalization;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// The three tables <c>actors topics describe</c> prints: the topic's settings (retention by age, messages and bytes,
/// overflow, cleanup policy), its partitions (hosting node, offsets, retained messages and bytes, messages retention deleted before a
/// group committed them) and its groups' positions per partition (committed, lag, in flight, consuming, dropped
/// unread), then the dropped-unread total of the topic.
/// </summary>
internal static class TopicDescriptionTable
{
    public static readonly string[] SettingsHeader =
        ["TOPIC", "PARTITIONS", "RETENTION-AGE", "RETENTION-MESSAGES", "RETENTION-BYTES", "OVERFLOW", "CLEANUP", "MAX-MESSAGE", "VISIBILITY-TIMEOUT", "MAX-ATTEMPTS", "DEAD-LETTERS"];

    public static readonly string[] PartitionHeader = ["PARTITION", "NODE", "START", "END", "MESSAGES", "BYTES", "DROPPED"];

    public static readonly string[] GroupHeader = ["GROUP", "PARTITION", "COMMITTED", "LAG", "IN-FLIGHT", "CONSUMING", "DROPPED"];

    public static string Render(TopicSpec spec, IReadOnlyList<PartitionDescription> partitions, string deadLetterSuffix)
    {
        string[] settings =
        [
            spec.Name.Value, N(spec.Partitions), Durations.Format(spec.RetentionAge), spec.RetentionMessagesText, spec.RetentionBytesText, spec.OverflowText, spec.CleanupText,
            Sizes.Format(spec.MaxMessageBytes),
            Durations.Format(spec.VisibilityTimeout), spec.MaxDeliveryAttempts == int.MaxValue ? "-" : N(spec.MaxDeliveryAttempts),
            spec.DeadLetterTopic(deadLetterSuffix)?.Value ?? "-",
        ];
        var ordered = partitions.OrderBy(p => p.Status.Partition).ToList();
        var partitionRows = ordered.Select(p => new[]
        {
            N(p.Status.Partition), ClusterTable.HostPort(p.Node), N(p.Status.StartOffset), N(p.Status.EndOffset), N(p.Status.EndOffset - p.Status.StartOffset),
            N(p.Status.RetainedBytes), N(p.Status.Groups.Sum(g => g.Dropped)),
        }).ToList();
        var groupRows = ordered
            .SelectMany(p => p.Status.Groups.Select(g => (Partition: p.Status, Group: g)))
            .OrderBy(x => x.Group.Group.Value, StringComparer.Ordinal).ThenBy(x => x.Partition.Partition)
            .Select(x => new[]
            {
                x.Group.Group.Value, N(x.Partition.Partition), N(x.Group.CommittedOffset), N(Math.Max(0, x.Partition.EndOffset - x.Group.CommittedOffset)),
                N(x.Group.InFlight), x.Group.HasConsumer ? "yes" : "no", N(x.Group.Dropped),
            }).ToList();
        var groups = groupRows.Count == 0 ? "(no consumer groups)\n" : TopicTable.Render(GroupHeader, groupRows);
        var dropped = ordered.Sum(p => p.Status.Groups.Sum(g => g.Dropped));
        var total = dropped == 0 ? "" : $"\n{N(dropped)} messages deleted by retention before their groups committed them\n";
        return $"{TopicTable.Render(SettingsHeader, [settings])}\n{TopicTable.Render(PartitionHeader, partitionRows)}\n{groups}{total}";
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
