using Actors.Partitions;
using Akka.Cluster;

namespace Actors.Nodes.Hosting.Health;

/// <summary>
/// Judges whether this node can write its journal, and gives its partitions up when it cannot but the others can.
/// Every <c>probe-interval</c> (and at once when a partition reports a failed write, <see cref="JournalWriteFailed"/>)
/// its <see cref="JournalProbe"/> writes one event. A probe that fails, or has not completed after
/// <c>probe-timeout</c>, makes the journal <em>failing</em>; probing goes on every <c>retry-interval</c>, and any
/// write that completes makes it healthy again. Failing for <c>unwritable-after</c> with no write completing, the
/// node reports itself not ready (<see cref="NodeHealth"/>) and asks the other members' monitors how their journal
/// is. If one can write, the trouble is this node's: it logs one line, calls <c>onUnwritable</c> (the process then
/// exits non-zero) and leaves the cluster, so sharding hands its partitions to nodes that can confirm publishes.
/// If none can (the shared database is down, or every node is overloaded), leaving would only move the load
/// around: it stays, says so once, and asks again while it keeps failing.
/// </summary>
internal sealed class JournalHealthMonitor : ReceiveActor, IWithTimers
{
    /// <summary>The monitor's name under /user on every node: peers ask each other there.</summary>
    public const string ActorName = "journal-health";

    // Plain strings cross the wire: Akka serializes them without a binding of ours.
    private const string PeerQuestion = "journal-health?";
    private const string PeerWritable = "writable";
    private const string PeerFailing = "failing";
    private const string TickKey = "tick";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly JournalHealthSettings _settings;
    private readonly NodeHealth _health;
    private readonly Action _onUnwritable;
    private IActorRef? _probe;
    private int _probes;
    private DateTime? _outstandingSince;
    private DateTime? _failingSince;
    private string? _error;
    private string? _slowness;
    private bool _askingPeers;
    private DateTime _lastAsked = DateTime.MinValue;
    private bool _saidStaying;
    private bool _leaving;

    public JournalHealthMonitor(JournalHealthSettings settings, NodeHealth health, Action onUnwritable)
    {
        _settings = settings;
        _health = health;
        _onUnwritable = onUnwritable;
        Receive<Tick>(_ => HandleTick());
        Receive<JournalProbe.Written>(_ => HandleWritten());
        Receive<JournalProbe.Failed>(f => HandleFailure(f.Reason, error: true));
        Receive<JournalWriteFailed>(HandleWriteFailed);
        Receive<PeersAnswered>(HandlePeersAnswered);
        Receive<string>(q => q == PeerQuestion, _ => Sender.Tell(_failingSince is null ? PeerWritable : PeerFailing));
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_probe)) return;
            _probe = null;
            if (_outstandingSince is not null) HandleFailure("the journal probe stopped", error: true);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(JournalHealthSettings settings, NodeHealth health, Action onUnwritable) =>
        Akka.Actor.Props.Create(() => new JournalHealthMonitor(settings, health, onUnwritable));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(JournalWriteFailed));
        // The first probe at once: a node is ready (/health/ready) only once its journal took a write.
        Timers.StartSingleTimer(TickKey, Tick.Instance, TimeSpan.Zero);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>Probes when none is on its way; otherwise checks whether the one on its way is too slow.</summary>
    private void HandleTick()
    {
        if (_leaving) return;
        if (_outstandingSince is null) SendProbe();
        else if (DateTime.UtcNow - _outstandingSince > _settings.ProbeTimeout)
            HandleFailure($"no write completed within {(DateTime.UtcNow - _outstandingSince.Value).TotalSeconds:0.#} s", error: false);
        var next = _outstandingSince is not null || _failingSince is not null ? _settings.RetryInterval : _settings.ProbeInterval;
        Timers.StartSingleTimer(TickKey, Tick.Instance, next);
    }

    private void SendProbe()
    {
        if (_probe is null)
        {
            _probe = Context.ActorOf(JournalProbe.Props(JournalProbe.PersistenceIdOf(_cluster.SelfAddress)), $"probe-{++_probes}");
            Context.Watch(_probe);
        }

        _outstandingSince = DateTime.UtcNow;
        _probe.Tell(JournalProbe.Probe.Instance);
    }

    private void HandleWritten()
    {
        _outstandingSince = null;
        if (_failingSince is { } since && !_leaving)
            _log.Info("journal writable again after {0:0} s of failing writes ({1})", (DateTime.UtcNow - since).TotalSeconds, Reason);
        _failingSince = null;
        _error = _slowness = null;
        _saidStaying = false;
        if (!_leaving) _health.ReportJournal(JournalHealthState.Writable);
    }

    /// <summary>A partition's write failed: probe now, unless a probe is on its way already.</summary>
    private void HandleWriteFailed(JournalWriteFailed failed)
    {
        _log.Debug("journal write of {0} {1}: {2}; probing the journal", failed.PersistenceId, failed.Rejected ? "rejected" : "failed", failed.Reason);
        if (_outstandingSince is null && !_leaving) Timers.StartSingleTimer(TickKey, Tick.Instance, TimeSpan.Zero);
    }

    /// <summary>Notes a failed or too slow probe; once no write has completed for <c>unwritable-after</c>, judges.</summary>
    private void HandleFailure(string reason, bool error)
    {
        if (error) _outstandingSince = null;
        if (_leaving) return;
        if (error) _error = reason;
        else _slowness ??= reason;
        var now = DateTime.UtcNow;
        _failingSince ??= now;
        var failing = now - _failingSince.Value;
        _log.Debug("journal probe: {0} (failing for {1:0} s)", reason, failing.TotalSeconds);
        if (failing < _settings.UnwritableAfter) return;
        _health.ReportJournal(JournalHealthState.Unwritable(Reason, _health.Ready ? now : _health.Journal.Since));
        if (!_askingPeers && now - _lastAsked >= _settings.ProbeInterval) AskPeers();
    }

    /// <summary>The journal's own error if it gave one, else how slow it was.</summary>
    private string Reason => $"no write completed for {(DateTime.UtcNow - (_failingSince ?? DateTime.UtcNow)).TotalSeconds:0} s: {_error ?? _slowness}";

    /// <summary>Asks every other Up member's monitor whether its journal takes writes.</summary>
    private void AskPeers()
    {
        _askingPeers = true;
        _lastAsked = DateTime.UtcNow;
        var peers = _cluster.State.Members.Where(m => m.Status == MemberStatus.Up && m.Address != _cluster.SelfAddress).Select(m => m.Address).ToList();
        var timeout = _settings.ProbeTimeout;
        var monitors = peers.Select(address => Context.ActorSelection(new RootActorPath(address) / "user" / ActorName)).ToList();
        var asks = monitors.Select(async monitor =>
        {
            try
            {
                return await monitor.Ask<string>(PeerQuestion, timeout) == PeerWritable;
            }
            catch (AskTimeoutException)
            {
                return false;
            }
        }).ToList();
        Task.WhenAll(asks).PipeTo(Self, success: answers => new PeersAnswered(peers.Count, answers.Count(a => a)));
    }

    private void HandlePeersAnswered(PeersAnswered answered)
    {
        _askingPeers = false;
        if (_leaving || _failingSince is null) return;
        if (answered.Writable > 0)
        {
            GiveUp(answered);
            return;
        }

        if (_saidStaying) return;
        _saidStaying = true;
        _log.Warning("journal unwritable ({0}), and no other node's journal takes writes either ({1} asked): reporting unhealthy, keeping its partitions (leaving would not help)",
            Reason, answered.Asked);
    }

    /// <summary>The one line an operator reads, then the partitions go: leaving hands every shard over.</summary>
    private void GiveUp(PeersAnswered answered)
    {
        if (!_settings.LeaveCluster)
        {
            if (_saidStaying) return;
            _saidStaying = true;
            _log.Error("journal unwritable ({0}): reporting unhealthy; keeping its partitions ({1}.leave-cluster = off)", Reason, JournalHealthSettings.Path);
            return;
        }

        _leaving = true;
        Timers.CancelAll();
        _log.Error("journal unwritable ({0}): leaving the cluster so its partitions move to healthy nodes ({1} of {2} others can write)",
            Reason, answered.Writable, answered.Asked);
        _onUnwritable();
        _cluster.Leave(_cluster.SelfAddress);
    }

    private sealed record PeersAnswered(int Asked, int Writable) : INoSerializationVerificationNeeded;

    private sealed class Tick : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Tick Instance { get; } = new();
        private Tick() { }
    }
}
