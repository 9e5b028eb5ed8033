using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// One consumer group on one topic, as <c>actors groups</c> shows it: its position on each partition (from the
/// partitions, which keep the committed offsets) and its members with their partitions (from the group's
/// coordinator, which keeps the membership).
/// </summary>
internal sealed record GroupPositions(GroupName Group, TopicSpec Topic, IReadOnlyList<(PartitionStatus Partition, GroupStatus Position)> Positions,
    GroupDescription Members)
{
    public long Committed => Positions.Sum(p => p.Position.CommittedOffset);

    public long Lag => Positions.Sum(p => Math.Max(0, p.Partition.EndOffset - p.Position.CommittedOffset));

    /// <summary>Every group with a position on any topic (only <paramref name="only"/>'s, if given), by group then topic.</summary>
    public static async Task<IReadOnlyList<GroupPositions>> LoadAsync(TopicClient topics, GroupName? only, TimeSpan timeout, CancellationToken ct)
    {
        var found = new List<(TopicSpec Topic, GroupName Group, List<(PartitionStatus, GroupStatus)> Positions)>();
        foreach (var spec in await topics.ListTopicsAsync(timeout, ct))
        {
            var partitions = await topics.GetStatusAsync(spec.Name, timeout, ct);
            found.AddRange(partitions
                .SelectMany(p => p.Groups.Select(g => (Partition: p, Position: g)))
                .Where(x => only is null || x.Position.Group == only)
                .GroupBy(x => x.Position.Group)
                .Select(g => (spec, g.Key, g.OrderBy(x => x.Partition.Partition).Select(x => (x.Partition, x.Position)).ToList())));
        }

        // A coordinator that has just started waits a member timeout before it answers, so ask them all at once.
        var members = await Task.WhenAll(found.Select(f => topics.DescribeGroupAsync(f.Topic.Name, f.Group, timeout, ct)));
        return found.Select((f, i) => new GroupPositions(f.Group, f.Topic, f.Positions, members[i]))
            .OrderBy(g => g.Group.Value, StringComparer.Ordinal).ThenBy(g => g.Topic.Name.Value, StringComparer.Ordinal)
            .ToList();
    }
}
