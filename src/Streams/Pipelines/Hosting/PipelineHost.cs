using Actors.Hocon;
using Actors.Streams.Supervision;
using Akka.Event;
using Directive = Akka.Streams.Supervision.Directive;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>
/// A node's pipelines: runs those the registry gives it, each under its own <see cref="PipelineSupervisor"/>
/// (which reruns it with backoff), counting elements in and out; stops those it takes away; lists them with
/// their counts and rates; tells the registry about those that ended; and tells it that it is there and what it
/// runs at start and every heartbeat, so a registry that moved finds it again.
/// </summary>
public sealed class PipelineHost : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PipelinesSettings _settings;
    private readonly IActorRef _registry;
    private readonly Dictionary<string, (IActorRef Supervisor, PipelineCounters Counters)> _pipelines = new(StringComparer.Ordinal);
    private readonly string _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
    private long _started;

    public PipelineHost(PipelinesSettings settings, IActorRef registry)
    {
        _settings = settings;
        _registry = registry;
        Receive<RunPipeline>(HandleRun);
        Receive<CancelPipeline>(HandleCancel);
        Receive<GetHostedPipelines>(_ => HandleList());
        Receive<PipelineStatus>(HandleEnded);
        Receive<Heartbeat>(_ => Announce());
        Receive<Sample>(_ => HandleSample());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PipelinesSettings settings, IActorRef registry) =>
        Akka.Actor.Props.Create(() => new PipelineHost(settings, registry));

    /// <summary>
    /// A pipeline's file is checked by the registry, but building reads every value (and <c>${?ENV}</c> resolves on
    /// this node): a file that does not build here ends the pipeline; any other failure reruns it.
    /// </summary>
    internal static Directive Decide(Exception ex) => ex switch
    {
        HoconException => Directive.Stop,
        _ => Directive.Restart,
    };

    protected override void PreStart()
    {
        Announce();
        Timers.StartPeriodicTimer(Heartbeat.Instance, Heartbeat.Instance, _settings.HeartbeatInterval);
        Timers.StartPeriodicTimer(Sample.Instance, Sample.Instance, TimeSpan.FromSeconds(1));
    }

    private void HandleRun(RunPipeline run)
    {
        if (_pipelines.Remove(run.Name, out var previous)) Context.Stop(previous.Supervisor);
        var counters = new PipelineCounters();
        var system = Context.System;
        var (text, origin) = (run.Text, run.Origin);
        // A stopping supervisor keeps its name until it is gone, so each run gets a fresh one.
        var supervisor = Context.ActorOf(
            PipelineSupervisor.Props(run.Name, materializer => PipelineDefinition.Parse(text, origin).BuildCounted(system, counters).Run(materializer),
                _settings.Restart, Decide, Self),
            $"pipeline-{Uri.EscapeDataString(run.Name)}-{++_started}");
        _pipelines[run.Name] = (supervisor, counters);
        _log.Info("pipeline {0} runs here", run.Name);
    }

    private void HandleCancel(CancelPipeline cancel)
    {
        if (!_pipelines.Remove(cancel.Name, out var pipeline)) return;
        Context.Stop(pipeline.Supervisor);
        _log.Info("pipeline {0} stopped here", cancel.Name);
    }

    private void HandleEnded(PipelineStatus ended)
    {
        if (!_pipelines.TryGetValue(ended.Name, out var pipeline) || !pipeline.Supervisor.Equals(Sender)) return;
        var counters = pipeline.Counters;
        _log.Info("pipeline {0} ended: {1} ({2} in, {3} out)", ended.Name, ended.State, counters.In, counters.Out);
        _registry.Tell(new PipelineEnded(ended.Name, ended.State));
    }

    private void HandleList()
    {
        var node = _node;
        var asks = _pipelines.Values.Select(p => p.Supervisor.Ask<PipelineStatus>(PipelineSupervisor.GetStatus.Instance, _settings.AskTimeout)
            .ContinueWith(t => p.Counters.Info(t.Result, node), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default)).ToList();
        Task.WhenAll(asks.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default))).ContinueWith(
            _ => new PipelineList(asks.Where(a => a.IsCompletedSuccessfully).Select(a => a.Result).ToList()),
            TaskScheduler.Default).PipeTo(Sender);
    }

    private void HandleSample()
    {
        var now = DateTime.UtcNow;
        foreach (var (_, counters) in _pipelines.Values) counters.Sample(now);
    }

    private void Announce() => _registry.Tell(new RegisterPipelineHost(Self, _pipelines.Keys.ToList()));

    private sealed class Heartbeat : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Heartbeat Instance { get; } = new();
        private Heartbeat() { }
    }

    private sealed class Sample : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Sample Instance { get; } = new();
        private Sample() { }
    }
}
