using System.Collections.Immutable;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>A submitted pipeline as the registry records it; <paramref name="Ended"/> is set once it ended for good.</summary>
internal sealed record PipelineRecord(string Name, string Origin, string Text, string? Ended = null);

/// <summary>
/// What the registry remembers across moves (the journal's events applied in order) and the pure decisions
/// on it; the actor only persists, watches and sends.
/// </summary>
internal sealed record PipelineRegistryState(ImmutableSortedDictionary<string, PipelineRecord> Records)
{
    public static PipelineRegistryState Empty { get; } = new(ImmutableSortedDictionary.Create<string, PipelineRecord>(StringComparer.Ordinal));

    public PipelineRegistryState Apply(object evt) => evt switch
    {
        PipelineRecorded r => this with { Records = Records.SetItem(r.Name, new PipelineRecord(r.Name, r.Origin, r.Text)) },
        PipelineRemoved r => this with { Records = Records.Remove(r.Name) },
        PipelineFinished f when Records.TryGetValue(f.Name, out var record) => this with { Records = Records.SetItem(f.Name, record with { Ended = f.State }) },
        _ => this,
    };

    /// <summary>
    /// The host for a pipeline that has none: the one with the fewest live pipelines, ties broken by address so
    /// the choice is stable; null when there is no host.
    /// </summary>
    public IActorRef? LeastLoaded(IEnumerable<IActorRef> hosts, IReadOnlyDictionary<string, IActorRef> assignments)
    {
        var load = assignments.Where(a => Records.TryGetValue(a.Key, out var r) && r.Ended is null)
            .GroupBy(a => a.Value).ToDictionary(g => g.Key, g => g.Count());
        return hosts.OrderBy(h => load.GetValueOrDefault(h)).ThenBy(h => h.Path.ToString(), StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Pipelines that should run somewhere and have no host.</summary>
    public IEnumerable<PipelineRecord> Unassigned(IReadOnlyDictionary<string, IActorRef> assignments) =>
        Records.Values.Where(r => r.Ended is null && !assignments.ContainsKey(r.Name));
}
