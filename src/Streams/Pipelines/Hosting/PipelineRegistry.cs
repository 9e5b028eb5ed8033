using Actors.Hocon;
using Akka.Event;
using Akka.Persistence;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>
/// The cluster's pipelines (a persistent cluster singleton): records each submitted pipeline (name, file text,
/// origin) in the journal, gives it to the least loaded <see cref="PipelineHost"/>, watches that host and gives
/// the pipeline to a survivor when the host's node dies. After a move it recovers its records, waits
/// <c>settle-time</c> for the hosts to say what they still run, and gives out the rest (a pipeline submitted
/// meanwhile goes out at once: nothing can be running it yet). A name is taken until
/// the pipeline is stopped: a second submit of it is refused.
/// </summary>
internal sealed class PipelineRegistry : ReceivePersistentActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PipelinesSettings _settings;
    // Checked at submit, so a file that reads or writes what this node does not allow is refused with its line;
    // the host that runs it checks again against its own.
    private readonly PipelineSandbox _sandbox = PipelineSandbox.Create(Context.System);
    private readonly HashSet<IActorRef> _hosts = [];
    private readonly Dictionary<string, IActorRef> _assignments = new(StringComparer.Ordinal);
    // Submitted since this registry started: no host can be running them from before, so they need not wait to settle.
    private readonly HashSet<string> _fresh = new(StringComparer.Ordinal);
    // What each pipeline's host said last, for a listing its host does not answer in time.
    private readonly Dictionary<string, PipelineInfo> _lastKnown = new(StringComparer.Ordinal);
    private readonly Address _selfAddress = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
    private PipelineRegistryState _state = PipelineRegistryState.Empty;
    private bool _settled;

    public PipelineRegistry(PipelinesSettings settings)
    {
        _settings = settings;
        if (!string.IsNullOrEmpty(settings.JournalPlugin)) JournalPluginId = settings.JournalPlugin;
        Recover<PipelineRecorded>(e => _state = _state.Apply(e));
        Recover<PipelineRemoved>(e => _state = _state.Apply(e));
        Recover<PipelineFinished>(e => _state = _state.Apply(e));
        Command<SubmitPipeline>(HandleSubmit);
        Command<StopPipeline>(HandleStop);
        Command<ListPipelines>(_ => HandleList());
        Command<Listed>(HandleListed);
        Command<RegisterPipelineHost>(HandleRegister);
        Command<PipelineEnded>(HandleEnded);
        Command<Terminated>(HandleTerminated);
        Command<Settled>(_ =>
        {
            _settled = true;
            AssignPending();
        });
    }

    public override string PersistenceId => "pipeline-registry";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PipelinesSettings settings) => Akka.Actor.Props.Create(() => new PipelineRegistry(settings));

    protected override void OnReplaySuccess()
    {
        // Worth an operator's line only when there are pipelines to give out (a node's default log: one line per event).
        if (_state.Records.Count > 0)
            _log.Info("pipeline registry recovered {0} pipelines; giving them out in {1:0.#} s", _state.Records.Count, _settings.SettleTime.TotalSeconds);
        else
            _log.Debug("pipeline registry recovered no pipelines");
        Timers.StartSingleTimer(Settled.Instance, Settled.Instance, _settings.SettleTime);
    }

    private void HandleSubmit(SubmitPipeline submit)
    {
        PipelineDefinition definition;
        try
        {
            definition = PipelineDefinition.Parse(submit.Text, submit.Origin).Check(_sandbox);
        }
        catch (HoconException ex)
        {
            Sender.Tell(new PipelineRejected(ex.Message));
            return;
        }
        catch (Exception ex)
        {
            Sender.Tell(new PipelineRejected($"{submit.Origin}: {ex.Message.ReplaceLineEndings(" ")}"));
            return;
        }

        if (_state.Records.ContainsKey(definition.Name))
        {
            var where = _assignments.TryGetValue(definition.Name, out var host) ? $" (on {NodeOf(host)})" : "";
            Sender.Tell(new PipelineRejected(
                $"a pipeline named '{definition.Name}' is already registered{where}; stop it first (actors pipelines stop {definition.Name}) or give this one another pipeline.name"));
            return;
        }

        var sender = Sender;
        Persist(new PipelineRecorded(definition.Name, submit.Origin, submit.Text), recorded =>
        {
            _state = _state.Apply(recorded);
            _fresh.Add(recorded.Name);
            _log.Info("pipeline {0} submitted from {1}", recorded.Name, recorded.Origin);
            AssignPending();
            sender.Tell(new PipelineSubmitted(recorded.Name, _assignments.TryGetValue(recorded.Name, out var to) ? NodeOf(to) : ""));
        });
    }

    private void HandleStop(StopPipeline stop)
    {
        if (!_state.Records.ContainsKey(stop.Name))
        {
            Sender.Tell(new PipelineRejected($"no pipeline named '{stop.Name}' (actors pipelines lists them)"));
            return;
        }

        var sender = Sender;
        Persist(new PipelineRemoved(stop.Name), removed =>
        {
            _state = _state.Apply(removed);
            _lastKnown.Remove(removed.Name);
            if (_assignments.Remove(removed.Name, out var host)) host.Tell(new CancelPipeline(removed.Name));
            _log.Info("pipeline {0} stopped", removed.Name);
            sender.Tell(new PipelineStopped(removed.Name));
        });
    }

    private void HandleList()
    {
        var replyTo = Sender;
        var asks = _hosts.Select(h => (Host: h, List: h.Ask<PipelineList>(GetHostedPipelines.Instance, _settings.AskTimeout))).ToList();
        Task.WhenAll(asks.Select(a => a.List.ContinueWith(_ => { }, TaskScheduler.Default))).ContinueWith(_ => new Listed(replyTo,
                asks.Where(a => a.List.IsCompletedSuccessfully).ToDictionary(a => a.Host, a => a.List.Result)),
            TaskScheduler.Default).PipeTo(Self);
    }

    private void HandleListed(Listed listed)
    {
        var running = listed.Answers.Values.SelectMany(l => l.Pipelines).GroupBy(p => (p.Name, p.Node)).ToDictionary(g => g.Key, g => g.First());
        listed.ReplyTo.Tell(new PipelineList(_state.Records.Values.Select(r =>
        {
            if (!_assignments.TryGetValue(r.Name, out var host)) return new PipelineInfo(r.Name, "", -1, -1, 0, r.Ended ?? "pending", 0);
            var node = NodeOf(host);
            if (running.TryGetValue((r.Name, node), out var info)) return _lastKnown[r.Name] = info;
            if (listed.Answers.ContainsKey(host)) return new PipelineInfo(r.Name, node, -1, -1, 0, r.Ended ?? "starting", 0);
            // KEY PATTERN: a host that did not answer in time keeps its rows, as last seen, rather than vanish.
            return _lastKnown.TryGetValue(r.Name, out var last) && last.Node == node
                ? last with { State = NoAnswer, ElementsPerSecond = 0 }
                : new PipelineInfo(r.Name, node, -1, -1, 0, NoAnswer, 0);
        }).ToList()));
    }

    private void HandleRegister(RegisterPipelineHost register)
    {
        var host = register.Host;
        if (_hosts.Add(host))
        {
            Context.Watch(host);
            _log.Debug("pipeline host {0} joined with [{1}]", NodeOf(host), string.Join(", ", register.Pipelines));
        }

        foreach (var name in register.Pipelines)
        {
            if (!_state.Records.ContainsKey(name))
                host.Tell(new CancelPipeline(name)); // stopped while this registry was away
            else if (!_assignments.TryGetValue(name, out var owner))
                _assignments[name] = host; // still running where an earlier registry put it
            else if (!owner.Equals(host))
                host.Tell(new CancelPipeline(name)); // a second copy: the first one keeps it
        }

        AssignPending();
    }

    private void HandleEnded(PipelineEnded ended)
    {
        if (!_state.Records.TryGetValue(ended.Name, out var record) || record.Ended == ended.State) return;
        Persist(new PipelineFinished(ended.Name, ended.State), finished =>
        {
            _state = _state.Apply(finished);
            _log.Info("pipeline {0} ended: {1}", finished.Name, finished.State);
        });
    }

    private void HandleTerminated(Terminated terminated)
    {
        var host = terminated.ActorRef;
        if (!_hosts.Remove(host)) return;
        var lost = _assignments.Where(a => a.Value.Equals(host)).Select(a => a.Key).ToList();
        foreach (var name in lost) _assignments.Remove(name);
        _log.Warning("pipeline host {0} is gone; moving [{1}]", NodeOf(host), string.Join(", ", lost));
        AssignPending();
    }

    private void AssignPending()
    {
        foreach (var record in _state.Unassigned(_assignments).Where(r => _settled || _fresh.Contains(r.Name)).ToList())
        {
            if (_state.LeastLoaded(_hosts, _assignments) is not { } host) return;
            _assignments[record.Name] = host;
            host.Tell(new RunPipeline(record.Name, record.Origin, record.Text));
            _log.Info("pipeline {0} given to {1}", record.Name, NodeOf(host));
        }
    }

    /// <summary>The node of a host as others see it: a host on this node has a local path without host and port.</summary>
    private string NodeOf(IActorRef host) =>
        (host.Path.Address.HasLocalScope ? _selfAddress : host.Path.Address).ToString();

    /// <summary>The state of a pipeline whose node did not answer a listing in time (its counts are the last known).</summary>
    public const string NoAnswer = "unknown (node did not answer)";

    /// <summary>The hosts' answers to one listing, in the registry's own context (only the hosts that answered in time).</summary>
    private sealed record Listed(IActorRef ReplyTo, IReadOnlyDictionary<IActorRef, PipelineList> Answers) : INoSerializationVerificationNeeded;

    private sealed class Settled : INoSerializationVerificationNeeded
    {
        public static Settled Instance { get; } = new();
        private Settled() { }
    }
}
