using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// The bytes of messages that all partitions of a node keep in memory together (their tails and the pages read back),
/// against <c>actors.topics.node-cache-size</c>. While the node is over it, a partition that adds messages (or reads a
/// page, or ticks) gives back what it holds beyond its share: the bound divided among the partitions holding any. Each
/// partition changes only its own part, with atomic adds; none waits for another, so a busy partition never stalls an
/// idle one, and an idle one gives back its excess on its next retention check.
/// </summary>
internal sealed class CacheBudget(long maxBytes)
{
    private long _bytes;
    private int _holders;

    /// <summary>A budget that never binds (a partition log made outside a node, in specs).</summary>
    public static CacheBudget Unbounded() => new(long.MaxValue);

    public long MaxBytes => maxBytes;

    /// <summary>Bytes held by all partitions now.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Partitions holding any bytes now.</summary>
    public int Holders => Volatile.Read(ref _holders);

    /// <summary>How much over the bound the node is (0 when within it).</summary>
    public long Excess => Math.Max(0, Bytes - maxBytes);

    /// <summary>What one partition may keep while the node is over its bound.</summary>
    public long Share => maxBytes / Math.Max(1, Holders);

    /// <summary>A partition's part went from <paramref name="before"/> to <paramref name="after"/> bytes.</summary>
    public void Change(long before, long after)
    {
        if (before == after) return;
        if (before == 0) Interlocked.Increment(ref _holders);
        else if (after == 0) Interlocked.Decrement(ref _holders);
        Interlocked.Add(ref _bytes, after - before);
    }
}

/// <summary>The node's one <see cref="CacheBudget"/>, sized by <c>actors.topics.node-cache-size</c>.</summary>
internal sealed class CacheBudgetExtension(CacheBudget budget) : IExtension
{
    public CacheBudget Budget => budget;

    public static CacheBudget For(ActorSystem system) => system.WithExtension<CacheBudgetExtension, CacheBudgetProvider>().Budget;
}

internal sealed class CacheBudgetProvider : ExtensionIdProvider<CacheBudgetExtension>
{
    public override CacheBudgetExtension CreateExtension(ExtendedActorSystem system) =>
        new(new CacheBudget(TopicsSettings.Create(system).NodeCacheBytes));
}
