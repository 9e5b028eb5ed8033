using Actors.Pipelines;
using Akka.Event;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>
/// A node's pipelines (<c>/user/pipeline-host</c>): runs those the registry gives it, each under its own
/// <see cref="PipelineRunner"/>, stops those it takes away, lists them with their counts, and tells the registry
/// it is there and what it runs at start and every heartbeat, so a registry that moved finds it again.
/// </summary>
public sealed class PipelineHost : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PipelinesSettings _settings;
    private readonly IActorRef _registry;
    private readonly Dictionary<string, IActorRef> _runners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PipelineInfo> _lastKnown = new(StringComparer.Ordinal);
    private readonly string _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
    private long _started;

    public PipelineHost(PipelinesSettings settings, IActorRef registry)
    {
        _settings = settings;
        _registry = registry;
        Receive<RunPipeline>(HandleRun);
        Receive<CancelPipeline>(HandleCancel);
        Receive<GetHostedPipelines>(_ => HandleList());
        Receive<Listed>(HandleListed);
        Receive<PipelineEnded>(ended => _registry.Tell(ended));
        Receive<Heartbeat>(_ => Announce());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PipelinesSettings settings, IActorRef registry) =>
        Akka.Actor.Props.Create(() => new PipelineHost(settings, registry));

    protected override void PreStart()
    {
        Announce();
        Timers.StartPeriodicTimer(Heartbeat.Instance, Heartbeat.Instance, _settings.HeartbeatInterval);
    }

    private void HandleRun(RunPipeline run)
    {
        if (_runners.Remove(run.Name, out var previous)) Context.Stop(previous);
        _lastKnown.Remove(run.Name);
        // A stopping runner keeps its name until it is gone, so each run gets a fresh one.
        var child = Context.ActorOf(PipelineRunner.Props(run.Name, run.Origin, run.Text, _settings),
            $"pipeline-{Uri.EscapeDataString(run.Name)}-{++_started}");
        _runners[run.Name] = child;
        _log.Info("pipeline {0} runs here", run.Name);
    }

    private void HandleCancel(CancelPipeline cancel)
    {
        _lastKnown.Remove(cancel.Name);
        if (!_runners.Remove(cancel.Name, out var runner)) return;
        Context.Stop(runner);
        _log.Info("pipeline {0} stopped here", cancel.Name);
    }

    private void HandleList()
    {
        // KEY PATTERN: the waits nest. The registry waits ask-timeout for this host, so the host waits half of it
        // for its runners: a slow runner costs its own row (listed as last known), never its node's whole list.
        var replyTo = Sender;
        var asks = _runners.Select(r => (Name: r.Key, Info: r.Value.Ask<PipelineInfo>(PipelineRunner.GetInfo.Instance, _settings.AskTimeout / 2))).ToList();
        Task.WhenAll(asks.Select(a => a.Info.ContinueWith(_ => { }, TaskScheduler.Default))).ContinueWith(
            _ => new Listed(replyTo, asks.Select(a => (a.Name, a.Info.IsCompletedSuccessfully ? a.Info.Result : null)).ToList()),
            TaskScheduler.Default).PipeTo(Self);
    }

    private void HandleListed(Listed listed)
    {
        var rows = new List<PipelineInfo>();
        foreach (var (name, info) in listed.Answers)
        {
            if (info is not null) _lastKnown[name] = info;
            rows.Add(info ?? (_lastKnown.TryGetValue(name, out var last)
                ? last with { State = NoAnswer, ElementsPerSecond = 0 }
                : new PipelineInfo(name, _node, -1, -1, 0, NoAnswer, 0)));
        }

        listed.ReplyTo.Tell(new PipelineList(rows));
    }

    private void Announce() => _registry.Tell(new RegisterPipelineHost(Self, _runners.Keys.ToList()));

    /// <summary>The state of a pipeline whose runner did not answer in time (its counts are the last known).</summary>
    public const string NoAnswer = "unknown (no answer)";

    /// <summary>The runners' answers to one listing, in the host's own context; null where a runner did not answer.</summary>
    private sealed record Listed(IActorRef ReplyTo, IReadOnlyList<(string Name, PipelineInfo? Info)> Answers) : INoSerializationVerificationNeeded;

    private sealed class Heartbeat : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Heartbeat Instance { get; } = new();
        private Heartbeat() { }
    }
}
