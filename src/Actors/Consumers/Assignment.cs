namespace Actors.Consumers;

/// <summary>
/// Spreads a topic's partitions over a group's members: members in a stable order (by actor path),
/// partitions dealt round robin, so every member gets within one partition of every other and the
/// same membership always gives the same assignment on any node.
/// </summary>
internal static class Assignment
{
    public static IReadOnlyDictionary<IActorRef, IReadOnlyList<int>> Assign(IEnumerable<IActorRef> members, int partitions)
    {
        var ordered = members.OrderBy(m => m.Path.ToStringWithAddress(), StringComparer.Ordinal).ToList();
        var result = ordered.ToDictionary(m => m, _ => (IReadOnlyList<int>)new List<int>());
        if (ordered.Count == 0) return result;
        for (var p = 0; p < partitions; p++) ((List<int>)result[ordered[p % ordered.Count]]).Add(p);
        return result;
    }
}
