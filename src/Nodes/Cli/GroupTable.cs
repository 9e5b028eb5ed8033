using System.Globalization;
using Actors.Consumers;

namespace Actors.Nodes.Cli;

/// <summary>The tables of <c>actors groups</c>: groups per topic, one group's partitions and members, and the offsets a reset set.</summary>
internal static class GroupTable
{
    public static readonly string[] ListHeader = ["GROUP", "TOPIC", "MEMBERS", "PARTITIONS", "COMMITTED", "LAG", "DROPPED", "STATE", "KIND"];

    public static readonly string[] DescribeHeader = ["GROUP", "TOPIC", "PARTITION", "MEMBER", "NODE", "COMMITTED", "END", "LAG", "IN-FLIGHT", "DROPPED", "KIND"];

    public static readonly string[] ResetHeader = ["GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG"];

    /// <summary>
    /// One row per group and topic; a group with members is active, one without is empty (only an empty group can be
    /// reset). DROPPED: messages retention deleted before the group committed them ("-" for a Kafka group, whose commits
/// the Kafka edge keeps). KIND is native, or kafka for a Kafka client's group (its state may also be rebalancing).
    /// </summary>
    public static string RenderList(IReadOnlyList<GroupPositions> groups) =>
        groups.Count == 0
            ? "(no consumer groups yet: `actors consume TOPIC --group NAME` starts one)\n"
            : TopicTable.Render(ListHeader, groups.Select(g => new[]
            {
                g.Group.Value, g.Topic.Name.Value, N(g.Members.Members.Count), N(g.Positions.Count), N(g.Committed), N(g.Lag),
                g.IsNative ? N(g.Dropped) : "-", g.State, Kind(g),
            }).ToList());

    /// <summary>
    /// One row per partition with the member that holds it ("-": none), then members that hold no partition. A Kafka
    /// group's NODE is its member's client host, and it has nothing in flight ("-"): Kafka clients fetch.
    /// </summary>
    public static string RenderDescription(IReadOnlyList<GroupPositions> groups)
    {
        var rows = new List<string[]>();
        foreach (var g in groups)
        {
            var owners = g.Members.Members.SelectMany(m => m.Partitions.Select(p => (Partition: p, Member: m))).ToDictionary(x => x.Partition, x => x.Member);
            foreach (var (partition, position) in g.Positions)
            {
                var owner = owners.GetValueOrDefault(partition.Partition);
                rows.Add([g.Group.Value, g.Topic.Name.Value, N(partition.Partition), owner?.Member ?? "-", owner is null ? "-" : Node(g, owner),
                    N(position.CommittedOffset), N(partition.EndOffset), N(Math.Max(0, partition.EndOffset - position.CommittedOffset)),
                    g.IsNative ? N(position.InFlight) : "-", g.IsNative ? N(position.Dropped) : "-", Kind(g)]);
            }

            foreach (var idle in g.Members.Members.Where(m => m.Partitions.Count == 0))
                rows.Add([g.Group.Value, g.Topic.Name.Value, "-", idle.Member, Node(g, idle), "-", "-", "-", "-", "-", Kind(g)]);
        }

        return TopicTable.Render(DescribeHeader, rows);
    }

    public static string RenderReset(GroupOffsetsReset reset) =>
        TopicTable.Render(ResetHeader, reset.Partitions.Select(p =>
        {
            var committed = p.Groups.FirstOrDefault(g => g.Group == reset.Group)?.CommittedOffset ?? 0;
            return new[] { reset.Group.Value, reset.Topic.Value, N(p.Partition), N(committed), N(p.EndOffset), N(Math.Max(0, p.EndOffset - committed)) };
        }).ToList());

    private static string Kind(GroupPositions g) => g.Kind.ToLowerInvariant();

    private static string Node(GroupPositions g, GroupMemberInfo member) => g.IsNative ? ClusterTable.HostPort(member.Node) : member.Node.Length > 0 ? member.Node : "-";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
