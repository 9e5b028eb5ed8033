using Actors.Partitions;

namespace Actors.Nodes.Hosting.Health;

/// <summary>
/// Judges whether this node can write its journal, and gives its partitions up when it cannot. Every
/// <c>probe-interval</c> (and at once when a partition reports a failed write, <see cref="JournalWriteFailed"/>)
/// its <see cref="JournalProbe"/> writes one event. A probe that fails, or has not completed after
/// <c>probe-timeout</c>, makes the journal <em>failing</em>, and probing goes on every <c>retry-interval</c>; any
/// write that completes makes it healthy again. A journal failing for <c>unwritable-after</c> with no write
/// completing is unwritable: the monitor marks <see cref="NodeHealth"/> so, logs one line, calls
/// <c>onUnwritable</c> (the process then exits non-zero) and leaves the cluster, so sharding hands the partitions
/// over to nodes that can confirm publishes. Judging by time, not by a count of failures, keeps a slow but working
/// journal (a busy machine, a node recovering many partitions) from being taken for a broken one. Final once made.
/// </summary>
internal sealed class JournalHealthMonitor : ReceiveActor, IWithTimers
{
    private const string TickKey = "tick";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JournalHealthSettings _settings;
    private readonly NodeHealth _health;
    private readonly Action _onUnwritable;
    private readonly string _persistenceId;
    private IActorRef? _probe;
    private int _probes;
    private DateTime? _outstandingSince;
    private DateTime? _failingSince;
    private string _reason = "";

    public JournalHealthMonitor(JournalHealthSettings settings, NodeHealth health, Action onUnwritable)
    {
        _settings = settings;
        _health = health;
        _onUnwritable = onUnwritable;
        _persistenceId = JournalProbe.PersistenceIdOf(Akka.Cluster.Cluster.Get(Context.System).SelfAddress);
        Receive<Tick>(_ => HandleTick());
        Receive<JournalProbe.Written>(_ => HandleWritten());
        Receive<JournalProbe.Failed>(f => HandleFailure(f.Reason));
        Receive<JournalWriteFailed>(HandleWriteFailed);
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_probe)) return;
            _probe = null;
            if (_outstandingSince is not null) HandleFailure("the journal probe stopped");
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(JournalHealthSettings settings, NodeHealth health, Action onUnwritable) =>
        Akka.Actor.Props.Create(() => new JournalHealthMonitor(settings, health, onUnwritable));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(JournalWriteFailed));
        Timers.StartSingleTimer(TickKey, Tick.Instance, _settings.ProbeInterval);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>Probes when none is on its way; otherwise checks whether the one on its way is too slow.</summary>
    private void HandleTick()
    {
        if (_outstandingSince is null) SendProbe();
        else if (DateTime.UtcNow - _outstandingSince > _settings.ProbeTimeout)
            Failing($"no write completed within {(DateTime.UtcNow - _outstandingSince.Value).TotalSeconds:0} s");
        if (!_health.Ready) return;
        var next = _outstandingSince is not null || _failingSince is not null ? _settings.RetryInterval : _settings.ProbeInterval;
        Timers.StartSingleTimer(TickKey, Tick.Instance, next);
    }

    private void SendProbe()
    {
        if (_probe is null)
        {
            _probe = Context.ActorOf(JournalProbe.Props(_persistenceId), $"probe-{++_probes}");
            Context.Watch(_probe);
        }

        _outstandingSince = DateTime.UtcNow;
        _probe.Tell(JournalProbe.Probe.Instance);
    }

    private void HandleWritten()
    {
        _outstandingSince = null;
        if (_failingSince is { } since && _health.Ready)
            _log.Info("journal writable again after {0:0} s of failing writes ({1})", (DateTime.UtcNow - since).TotalSeconds, _reason);
        _failingSince = null;
    }

    /// <summary>A partition's write failed: probe now, unless a probe is on its way already.</summary>
    private void HandleWriteFailed(JournalWriteFailed failed)
    {
        _log.Debug("journal write of {0} {1}: {2}; probing the journal", failed.PersistenceId, failed.Rejected ? "rejected" : "failed", failed.Reason);
        if (_outstandingSince is null && _health.Ready) Timers.StartSingleTimer(TickKey, Tick.Instance, TimeSpan.Zero);
    }

    private void HandleFailure(string reason)
    {
        _outstandingSince = null;
        Failing(reason);
    }

    /// <summary>Notes the failure; once no write has completed for <c>unwritable-after</c>, gives up.</summary>
    private void Failing(string reason)
    {
        if (!_health.Ready) return;
        var now = DateTime.UtcNow;
        if (_failingSince is null)
        {
            // The first failure of an episode says most (a timeout, a permission error); later ones echo it.
            _failingSince = now;
            _reason = reason;
        }

        var failing = now - _failingSince.Value;
        _log.Debug("journal probe: {0} (failing for {1:0} s)", reason, failing.TotalSeconds);
        if (failing >= _settings.UnwritableAfter) GiveUp($"no write completed for {failing.TotalSeconds:0} s; first failure: {_reason}");
    }

    /// <summary>The one line an operator reads, then the partitions go: leaving hands every shard over.</summary>
    private void GiveUp(string reason)
    {
        _health.ReportJournal(JournalHealthState.Unwritable(reason));
        Timers.CancelAll();
        if (!_settings.LeaveCluster)
        {
            _log.Error("journal unwritable ({0}): reporting unhealthy; keeping its partitions ({1}.leave-cluster = off)", reason, JournalHealthSettings.Path);
            return;
        }

        _log.Error("journal unwritable ({0}): leaving the cluster so its partitions move to healthy nodes", reason);
        _onUnwritable();
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        cluster.Leave(cluster.SelfAddress);
    }

    private sealed class Tick : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Tick Instance { get; } = new();
        private Tick() { }
    }
}
