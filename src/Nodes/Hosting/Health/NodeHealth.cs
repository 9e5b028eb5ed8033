namespace Actors.Nodes.Hosting.Health;

/// <summary>
/// What a node knows of its own health, read from any thread: for now whether its journal takes writes, as the
/// <see cref="JournalHealthMonitor"/> finds it. A node whose journal is unwritable is not ready: it cannot confirm
/// a publish (and it gives its partitions up when other nodes can). One per actor system (an Akka extension); a readiness endpoint reads
/// <see cref="Ready"/> and <see cref="Journal"/>.
/// </summary>
public sealed class NodeHealth : IExtension
{
    private volatile JournalHealthState _journal = JournalHealthState.Writable;
    private volatile bool _recovered;

    /// <summary>The node's health, created on first use.</summary>
    public static NodeHealth Get(ActorSystem system) => system.WithExtension<NodeHealth, NodeHealthProvider>();

    /// <summary>The journal as last judged: writable, or unwritable with the reason.</summary>
    public JournalHealthState Journal => _journal;

    /// <summary>Whether the node can serve: false while its journal is found unwritable.</summary>
    public bool Ready => _journal.IsWritable;

    /// <summary>
    /// Whether the journal has shown it works since the node started: its probe recovered and wrote once (or
    /// journal health is not monitored). Until then the node is not ready to serve (<c>/health/ready</c>).
    /// </summary>
    public bool Recovered => _recovered;

    internal void ReportJournal(JournalHealthState state)
    {
        _journal = state;
        if (state.IsWritable) _recovered = true;
    }

    /// <summary>Nothing probes the journal (<c>actors.health.journal.enabled = off</c>): take it as recovered.</summary>
    internal void Unmonitored() => _recovered = true;

    private sealed class NodeHealthProvider : ExtensionIdProvider<NodeHealth>
    {
        public override NodeHealth CreateExtension(ExtendedActorSystem system) => new();
    }
}

/// <summary>The journal's state as a node judges it; <see cref="Reason"/> says why it is unwritable.</summary>
public sealed record JournalHealthState(bool IsWritable, string? Reason, DateTimeOffset Since)
{
    /// <summary>The state a node starts in.</summary>
    public static JournalHealthState Writable { get; } = new(true, null, DateTimeOffset.UtcNow);

    /// <summary>The journal has taken no write for a while, for the given reason.</summary>
    public static JournalHealthState Unwritable(string reason, DateTimeOffset since) => new(false, reason, since);
}
