using Actors.Partitions;

namespace Actors.Nodes.Hosting.Health;

/// <summary>
/// Judges whether this node can write its journal, and gives its partitions up when it cannot. Every
/// <c>probe-interval</c> (and at once when a partition reports a failed write, <see cref="JournalWriteFailed"/>)
/// its <see cref="JournalProbe"/> writes one event; a probe that fails, or takes longer than <c>probe-timeout</c>
/// (then it is abandoned), counts as one failure, and probing goes on every <c>retry-interval</c> until one succeeds. After
/// <c>unhealthy-after</c> failures in a row the journal is unwritable: the monitor marks <see cref="NodeHealth"/>
/// so, logs one line, calls <c>onUnwritable</c> (the process exits non-zero once stopped) and leaves the cluster,
/// so sharding hands the partitions over to nodes that can confirm publishes. A node that merely hiccups (one
/// failed batch, a probe that fails once) stays; the judgement is final once made.
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
    private int _failures;

    public JournalHealthMonitor(JournalHealthSettings settings, NodeHealth health, Action onUnwritable)
    {
        _settings = settings;
        _health = health;
        _onUnwritable = onUnwritable;
        _persistenceId = JournalProbe.PersistenceIdOf(Akka.Cluster.Cluster.Get(Context.System).SelfAddress);
        Receive<Tick>(_ => HandleTick());
        // Only the current probe's answers count: one abandoned after a timeout may still answer late.
        Receive<JournalProbe.Written>(_ => Sender.Equals(_probe), _ => HandleWritten());
        Receive<JournalProbe.Failed>(_ => Sender.Equals(_probe), f => HandleFailure(f.Reason));
        Receive<JournalWriteFailed>(HandleWriteFailed);
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_probe)) return;
            _probe = null;
            if (_outstandingSince is not null) HandleFailure("the journal probe stopped");
        });
        // Late answers of an abandoned probe.
        ReceiveAny(_ => { });
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

    /// <summary>Probes, or finds the probe in flight too slow: then it counts as failed and is abandoned.</summary>
    private void HandleTick()
    {
        if (_outstandingSince is null)
        {
            SendProbe();
            return;
        }

        if (DateTime.UtcNow - _outstandingSince < _settings.ProbeTimeout) return;
        // Its write may never finish (a hung database): the next probe is a fresh actor, not queued behind it.
        Context.Unwatch(_probe);
        Context.Stop(_probe);
        _probe = null;
        HandleFailure($"no write completed within {_settings.ProbeTimeout.TotalSeconds:0.#} s");
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
        Timers.StartSingleTimer(TickKey, Tick.Instance, _settings.ProbeTimeout);
    }

    private void HandleWritten()
    {
        _outstandingSince = null;
        if (_failures > 0) _log.Info("journal writable again after {0} failed probe(s)", _failures);
        _failures = 0;
        Timers.StartSingleTimer(TickKey, Tick.Instance, _settings.ProbeInterval);
    }

    /// <summary>A partition's write failed: probe now, unless a probe is on its way already.</summary>
    private void HandleWriteFailed(JournalWriteFailed failed)
    {
        _log.Debug("journal write of {0} {1}: {2}; probing the journal", failed.PersistenceId, failed.Rejected ? "rejected" : "failed", failed.Reason);
        if (_outstandingSince is null) Timers.StartSingleTimer(TickKey, Tick.Instance, TimeSpan.Zero);
    }

    /// <summary>Each probe counts once, failed or timed out; enough in a row and the journal is unwritable.</summary>
    private void HandleFailure(string reason)
    {
        _outstandingSince = null;
        _failures++;
        _log.Debug("journal probe failed ({0} of {1}): {2}", _failures, _settings.UnhealthyAfter, reason);
        if (_failures >= _settings.UnhealthyAfter) GiveUp(reason);
        else Timers.StartSingleTimer(TickKey, Tick.Instance, _settings.RetryInterval);
    }

    /// <summary>The one line an operator reads, then the partitions go: leaving hands every shard over.</summary>
    private void GiveUp(string reason)
    {
        _health.ReportJournal(JournalHealthState.Unwritable(reason));
        Timers.CancelAll();
        Become(() => ReceiveAny(_ => { }));
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
