using System.Text.Json;
using System.Text.Json.Serialization;

namespace Actors.Nodes.Observe;

/// <summary>
/// The cluster as one node sees it at <see cref="Time"/>: what <c>GET /api/overview</c> answers, each
/// <c>overview</c> event of <c>GET /api/events</c> carries, the web console draws and <c>actors status</c> /
/// <c>actors top</c> print. <see cref="Node"/> is the address of the node that answered; <see cref="Errors"/> names
/// the parts it could not gather in time (those parts are then empty, the others still filled in).
/// </summary>
public sealed record Overview(
    string Node,
    IReadOnlyList<OverviewMember> Members,
    IReadOnlyList<OverviewTopic> Topics,
    IReadOnlyList<OverviewGroup> Groups,
    IReadOnlyList<OverviewPipeline> Pipelines,
    DateTimeOffset Time,
    IReadOnlyList<string>? Errors = null)
{
    /// <summary>camelCase, as the page's script and the CLI read it.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>
/// A member: its full address (<c>akka.tcp://actors@host:port</c>), roles, status (Joining, Up, Leaving, Exiting,
/// Down, Removed...), whether this node's failure detector reaches it, whether it is the node that answered, and the
/// leader. A member the cluster removed stays listed as Removed for a while (<see cref="OverviewCollector.RemovedShownFor"/>).
/// </summary>
public sealed record OverviewMember(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable, bool Self, bool Leader = false);

/// <summary>A topic's partitions, and the messages per second published to it (end offsets' growth between the last two samples).</summary>
public sealed record OverviewTopic(string Name, IReadOnlyList<OverviewPartition> Partitions, double MessagesPerSecond);

/// <summary>A partition, the node that hosts it ("" when unknown), its first retained offset and next offset.</summary>
public sealed record OverviewPartition(int Partition, string Node, long StartOffset, long EndOffset);

/// <summary>A consumer group on one topic: per partition its committed offset, the end offset and the lag; <see cref="Lag"/> is their sum.</summary>
public sealed record OverviewGroup(string Group, string Topic, IReadOnlyList<OverviewGroupPartition> Partitions, long Lag, string Kind = "native");

public sealed record OverviewGroupPartition(int Partition, long Committed, long EndOffset, long Lag);

/// <summary>A pipeline: its state, the node it runs on, elements in and out, elements per second and restarts.</summary>
public sealed record OverviewPipeline(string Name, string State, string Node, long ElementsIn, long ElementsOut, int Restarts, double ElementsPerSecond = 0);
