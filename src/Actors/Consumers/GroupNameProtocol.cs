using Actors.Serialization;
using Actors.Topics;

namespace Actors.Consumers;

/// <summary>
/// Who a group name belongs to. A name is either a native group's (on any topic) or one of another door's
/// consumer groups (the Kafka listener's), never both: the topic registry, a cluster singleton, keeps the first
/// claim of each name for good, so two nodes cannot hand one name to both kinds.
/// </summary>
public static class GroupKinds
{
    /// <summary>Groups of the core: <c>actors consume --group</c>, the .NET client, pipelines' topic sources.</summary>
    public const string Native = "native";

    /// <summary>Groups of Kafka clients (the Kafka listener's classic group protocol).</summary>
    public const string Kafka = "Kafka";

    /// <summary>The one line a claim refused for <paramref name="group"/> ends with, naming the kind that holds it.</summary>
    public static string Refusal(GroupName group, string owner) => $"group '{group}' is a {owner} consumer group; choose another name";
}

/// <summary>
/// Claim <paramref name="Group"/> for groups of <paramref name="Kind"/> (<see cref="GroupKinds"/>); told to the topic
/// registry (<c>Broker.Registry</c>), which answers <see cref="GroupNameOwner"/>: the claim holds when the owner is
/// <paramref name="Kind"/>. The first claim of a name is journaled and never changes, so an answer may be cached.
/// </summary>
public sealed record ClaimGroupName(GroupName Group, string Kind) : IActorsWireMessage;

/// <summary>The kind of groups <see cref="Group"/> belongs to.</summary>
public sealed record GroupNameOwner(GroupName Group, string Kind) : IActorsWireMessage
{
    /// <summary>Null when <paramref name="kind"/> holds the name, else the one line why it cannot use it.</summary>
    public string? RefusalFor(string kind) => Kind == kind ? null : GroupKinds.Refusal(Group, Kind);
}

/// <summary>Registry event: a group name was claimed for a kind of groups.</summary>
internal sealed record GroupNameClaimed(GroupName Group, string Kind) : IActorsWireMessage;
