using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// One consumer group on one topic, as <c>actors groups</c> shows it: its position on each partition and its members
/// with their partitions. A native group's positions come from the partitions (which keep its committed offsets)
/// and its members from its coordinator; a Kafka group's both come from the Kafka edge (<see cref="ExternalGroups"/>),
/// its lag measured against the same partitions' end offsets. <see cref="Kind"/> says which;
/// <see cref="ExternalState"/> is a Kafka group's state (active, rebalancing or empty).
/// </summary>
internal sealed record GroupPositions(GroupName Group, TopicSpec Topic, IReadOnlyList<(PartitionStatus Partition, GroupStatus Position)> Positions,
    GroupDescription Members, string Kind = GroupKinds.Native, string? ExternalState = null)
{
    public long Committed => Positions.Sum(p => p.Position.CommittedOffset);

    public long Lag => Positions.Sum(p => Math.Max(0, p.Partition.EndOffset - p.Position.CommittedOffset));

    /// <summary>Messages retention deleted before this group committed them, on all its partitions.</summary>
    public long Dropped => Positions.Sum(p => p.Position.Dropped);

    public bool IsNative => Kind == GroupKinds.Native;

    /// <summary>active (members hold its partitions), rebalancing (a Kafka group between generations) or empty.</summary>
    public string State => ExternalState ?? (Members.Members.Count > 0 ? "active" : "empty");

    /// <summary>Every group with a position on any topic (only <paramref name="only"/>'s, if given), by group then topic.</summary>
    public static async Task<IReadOnlyList<GroupPositions>> LoadAsync(TopicClient topics, GroupName? only, TimeSpan timeout, CancellationToken ct)
    {
        var external = (await topics.ListExternalGroupsAsync(timeout, ct)).Groups.Where(g => only is null || g.Group == only).ToList();
        var found = new List<(TopicSpec Topic, GroupName Group, List<(PartitionStatus, GroupStatus)> Positions)>();
        var statuses = new Dictionary<TopicName, (TopicSpec Spec, IReadOnlyList<PartitionStatus> Partitions)>();
        foreach (var spec in await topics.ListTopicsAsync(timeout, ct))
        {
            var partitions = await topics.GetStatusAsync(spec.Name, timeout, ct);
            statuses[spec.Name] = (spec, partitions);
            found.AddRange(partitions
                .SelectMany(p => p.Groups.Select(g => (Partition: p, Position: g)))
                .Where(x => only is null || x.Position.Group == only)
                .GroupBy(x => x.Position.Group)
                .Select(g => (spec, g.Key, g.OrderBy(x => x.Partition.Partition).Select(x => (x.Partition, x.Position)).ToList())));
        }

        // A coordinator that has just started waits a member timeout before it answers, so ask them all at once.
        var members = await Task.WhenAll(found.Select(f => topics.DescribeGroupAsync(f.Topic.Name, f.Group, timeout, ct)));
        return found.Select((f, i) => new GroupPositions(f.Group, f.Topic, f.Positions, members[i]))
            .Concat(external.SelectMany(g => ExternalGroups.Positions(g, statuses)))
            .OrderBy(g => g.Group.Value, StringComparer.Ordinal).ThenBy(g => g.Topic.Name.Value, StringComparer.Ordinal)
            .ToList();
    }
}
