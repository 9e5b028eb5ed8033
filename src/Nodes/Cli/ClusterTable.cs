using Actors.Gateway;

namespace Actors.Nodes.Cli;

/// <summary>The table <c>actors cluster</c> prints: one row per member, as the node asked sees the cluster.</summary>
internal static class ClusterTable
{
    public static readonly string[] Header = ["NODE", "STATUS", "REACHABILITY", "ROLES", "LEADER", "ANSWERED"];

    /// <summary>The table; the leader and the node that answered are marked in their columns.</summary>
    public static string Render(ClusterState state)
    {
        if (state.Members.Count == 0) return $"(no members: the node at {HostPort(state.Self)} has not joined a cluster yet)\n";
        var rows = state.Members.Select(m => new[]
        {
            HostPort(m.Address), m.Status, m.Reachable ? "reachable" : "unreachable", m.Roles.Count == 0 ? "-" : string.Join(",", m.Roles),
            m.Address == state.Leader ? "leader" : "-", m.Address == state.Self ? "yes" : "-",
        }).ToList();
        return TopicTable.Render(Header, rows);
    }

    /// <summary><c>host:port</c> of a node's address (<c>akka.tcp://actors@host:port</c>), as <c>--node</c> takes it.</summary>
    public static string HostPort(string address) => PipelineTable.HostPort(address);
}
