using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// Kafka groups (the node's external groups, <see cref="ExternalGroupInfo"/>) in the shapes the tables print for
/// native groups: per topic, a <see cref="GroupPositions"/>, and a <see cref="GroupStatus"/> beside the native groups'
/// in each partition's status (no deliveries in flight: a Kafka client fetches, it is not delivered to).
/// </summary>
internal static class ExternalGroups
{
    /// <summary>The group on each topic it committed on or is assigned partitions of (topics that no longer exist left out).</summary>
    public static IEnumerable<GroupPositions> Positions(ExternalGroupInfo group,
        IReadOnlyDictionary<TopicName, (TopicSpec Spec, IReadOnlyList<PartitionStatus> Partitions)> topics)
    {
        var names = group.Offsets.Select(o => o.Topic).Concat(group.Members.SelectMany(m => m.Partitions.Select(p => p.Topic))).Distinct();
        foreach (var name in names)
        {
            if (!topics.TryGetValue(name, out var topic)) continue;
            var positions = topic.Partitions.OrderBy(p => p.Partition)
                .SelectMany(p => Status(group, p) is { } status ? [(p, status)] : Array.Empty<(PartitionStatus, GroupStatus)>())
                .ToList();
            // Members whose assignment is unknown (rebalancing, or not the "consumer" protocol) show on every topic.
            var members = group.Members.Where(m => m.Partitions.Count == 0 || m.Partitions.Any(p => p.Topic == name))
                .Select(m => new GroupMemberInfo(m.Member, m.Host, m.Partitions.Where(p => p.Topic == name).Select(p => p.Partition).ToList()))
                .ToList();
            yield return new GroupPositions(group.Group, topic.Spec, positions, new GroupDescription(name, group.Group, 0, members), group.Kind, group.State);
        }
    }

    /// <summary>Each partition's status with the Kafka groups' committed offsets added to its groups.</summary>
    public static IReadOnlyList<PartitionStatus> Merge(IReadOnlyList<PartitionStatus> partitions, ExternalGroupList external) =>
        partitions.Select(p => p with
        {
            Groups = [.. p.Groups, .. external.Groups.Select(g => Status(g, p)).OfType<GroupStatus>()],
        }).ToList();

    private static GroupStatus? Status(ExternalGroupInfo group, PartitionStatus partition) =>
        group.Offsets.FirstOrDefault(o => o.Topic == partition.Topic && o.Partition == partition.Partition) is { } offset
            ? new GroupStatus(group.Group, offset.Offset, 0, group.Members.Any(m => m.Partitions.Any(p => p.Topic == partition.Topic && p.Partition == partition.Partition)))
            : null;
}
