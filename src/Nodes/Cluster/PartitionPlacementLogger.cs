using Akka.Cluster.Sharding;

namespace Actors.Nodes.Cluster;

/// <summary>
/// Says when topic partitions move to or away from this node, one line per change: after a node dies or leaves
/// its partitions start on the survivors, and an operator wants to see where they went without reading Akka's
/// sharding logs (DEBUG). Every <c>interval</c> it asks the local partition region which partitions run here and
/// logs the difference from the last answer (<see cref="Describe"/>): <c>partitions here: 5 (started: events:1,
/// events:4; stopped: none)</c>. Partitions are never passivated when idle, so a change means a new topic, a
/// hand-over or a node that left. Nothing is logged on a node that hosts no partitions.
/// </summary>
internal sealed class PartitionPlacementLogger : ReceiveActor, IWithTimers
{
    /// <summary>How many partition names a line lists before it says how many more.</summary>
    private const int Listed = 8;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _region;
    private IReadOnlySet<string> _hosted = new HashSet<string>(StringComparer.Ordinal);

    public PartitionPlacementLogger(IActorRef region, TimeSpan interval)
    {
        _region = region;
        Receive<Poll>(_ => _region.Tell(GetShardRegionState.Instance));
        Receive<CurrentShardRegionState>(HandleState);
        Timers.StartPeriodicTimer("poll", Poll.Instance, interval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef region, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new PartitionPlacementLogger(region, interval));

    /// <summary>
    /// The change from <paramref name="before"/> to <paramref name="now"/>: how many run here now and which started
    /// and stopped, as the line lists them; null when nothing changed.
    /// </summary>
    public static (int Hosted, string Started, string Stopped)? Describe(IReadOnlySet<string> before, IReadOnlySet<string> now)
    {
        var started = now.Where(p => !before.Contains(p)).Order(StringComparer.Ordinal).ToList();
        var stopped = before.Where(p => !now.Contains(p)).Order(StringComparer.Ordinal).ToList();
        if (started.Count == 0 && stopped.Count == 0) return null;
        return (now.Count, List(started), List(stopped));
    }

    private void HandleState(CurrentShardRegionState state)
    {
        var now = state.Shards.SelectMany(s => s.EntityIds).ToHashSet(StringComparer.Ordinal);
        if (Describe(_hosted, now) is { } change)
            _log.Info("partitions here: {Hosted} (started: {Started}; stopped: {Stopped})", change.Hosted, change.Started, change.Stopped);
        _hosted = now;
    }

    private static string List(List<string> partitions) => partitions.Count switch
    {
        0 => "none",
        <= Listed => string.Join(", ", partitions),
        _ => $"{string.Join(", ", partitions.Take(Listed))} and {partitions.Count - Listed} more",
    };

    private sealed class Poll : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Poll Instance { get; } = new();

        private Poll()
        {
        }
    }
}
