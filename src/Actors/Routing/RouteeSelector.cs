using Actors.Topics;

namespace Actors.Routing;

/// <summary>
/// Picks the routee(s) of one message by a <see cref="RoutingStrategy"/>: pure bookkeeping (a round robin
/// counter) over a routee list, with no actor of its own, shared by service routers and topic routes.
/// </summary>
internal sealed class RouteeSelector(RoutingStrategy strategy)
{
    private uint _next;

    public RoutingStrategy Strategy { get; } = strategy;

    /// <summary>The routees for a message with <paramref name="key"/> (null: none); empty when there are no routees.</summary>
    public IReadOnlyList<Routee> Select(IReadOnlyList<Routee> routees, string? key)
    {
        if (routees.Count == 0) return [];
        return Strategy switch
        {
            RoutingStrategy.Broadcast => routees,
            RoutingStrategy.ConsistentHashing when key is not null => [RendezvousHash.Pick(routees, key)],
            _ => [routees[(int)(_next++ % (uint)routees.Count)]],
        };
    }
}

/// <summary>
/// Rendezvous (highest random weight) hashing: a key goes to the routee whose id scores highest with it.
/// Every node computes the same answer from the same routees, and removing a routee moves only its own
/// keys (each to its runner-up), which is what consistent hashing promises, without a ring to maintain.
/// </summary>
internal static class RendezvousHash
{
    public static Routee Pick(IReadOnlyList<Routee> routees, string key)
    {
        var keyHash = KeyHash.Of(key);
        var best = routees[0];
        var bestScore = Score(keyHash, best.Id);
        for (var i = 1; i < routees.Count; i++)
        {
            var score = Score(keyHash, routees[i].Id);
            if (score > bestScore || (score == bestScore && string.CompareOrdinal(routees[i].Id, best.Id) < 0))
                (best, bestScore) = (routees[i], score);
        }

        return best;
    }

    /// <summary>Both 32-bit FNV hashes, mixed by the murmur3 finalizer so similar ids still score independently.</summary>
    private static ulong Score(uint keyHash, string id)
    {
        var x = ((ulong)keyHash << 32) | KeyHash.Of(id);
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
