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
    private long _started;

    public PipelineHost(PipelinesSettings settings, IActorRef registry)
    {
        _settings = settings;
        _registry = registry;
        Receive<RunPipeline>(HandleRun);
        Receive<CancelPipeline>(HandleCancel);
        Receive<GetHostedPipelines>(_ => HandleList());
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
        // A stopping runner keeps its name until it is gone, so each run gets a fresh one.
        var child = Context.ActorOf(PipelineRunner.Props(run.Name, run.Origin, run.Text, _settings),
            $"pipeline-{Uri.EscapeDataString(run.Name)}-{++_started}");
        _runners[run.Name] = child;
        _log.Info("pipeline {0} runs here", run.Name);
    }

    private void HandleCancel(CancelPipeline cancel)
    {
        if (!_runners.Remove(cancel.Name, out var runner)) return;
        Context.Stop(runner);
        _log.Info("pipeline {0} stopped here", cancel.Name);
    }

    private void HandleList()
    {
        var asks = _runners.Values.Select(r => r.Ask<PipelineInfo>(PipelineRunner.GetInfo.Instance, _settings.AskTimeout)).ToList();
        Task.WhenAll(asks).ContinueWith(
            t => new PipelineList(t.IsCompletedSuccessfully ? t.Result : asks.Where(a => a.IsCompletedSuccessfully).Select(a => a.Result).ToList()),
            TaskScheduler.Default).PipeTo(Sender);
    }

    private void Announce() => _registry.Tell(new RegisterPipelineHost(Self, _runners.Keys.ToList()));

    private sealed class Heartbeat : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Heartbeat Instance { get; } = new();
        private Heartbeat() { }
    }
}
