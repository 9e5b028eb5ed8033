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
internal sealed class PipelineHost : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PipelinesSettings _settings;
    private readonly IActorRef _registry;
    private readonly Dictionary<string, (IActorRef Supervisor, PipelineCounters Counters)> _pipelines = new(StringComparer.Ordinal);
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

    protected override void PostStop()
    {
        foreach (var (_, counters) in _pipelines.Values) counters.Unpublish();
        base.PostStop();
    }

    private void HandleRun(RunPipeline run)
    {
        if (_pipelines.Remove(run.Name, out var previous))
        {
            Context.Stop(previous.Supervisor);
            previous.Counters.Unpublish();
        }

        _lastKnown.Remove(run.Name);
        var counters = new PipelineCounters();
        counters.Publish(run.Name);
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
        _lastKnown.Remove(cancel.Name);
        if (!_pipelines.Remove(cancel.Name, out var pipeline)) return;
        Context.Stop(pipeline.Supervisor);
        pipeline.Counters.Unpublish();
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
        // KEY PATTERN: the waits nest. The registry waits ask-timeout for this host, so the host waits half of it
        // for its pipelines: a slow one costs its own row (listed as last known), never its node's whole list.
        var (node, replyTo) = (_node, Sender);
        var asks = _pipelines.Select(p => (Name: p.Key, Info: p.Value.Supervisor.Ask<PipelineStatus>(PipelineSupervisor.GetStatus.Instance, _settings.AskTimeout / 2)
            .ContinueWith(t => p.Value.Counters.Info(t.Result, node), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default))).ToList();
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

    private void HandleSample()
    {
        var now = DateTime.UtcNow;
        foreach (var (_, counters) in _pipelines.Values) counters.Sample(now);
    }

    /// <summary>The state of a pipeline that did not answer in time (its counts are the last known).</summary>
    public const string NoAnswer = "unknown (no answer)";

    private void Announce() => _registry.Tell(new RegisterPipelineHost(Self, _pipelines.Keys.ToList()));

    /// <summary>The pipelines' answers to one listing, in the host's own context; null where one did not answer.</summary>
    private sealed record Listed(IActorRef ReplyTo, IReadOnlyList<(string Name, PipelineInfo? Info)> Answers) : INoSerializationVerificationNeeded;

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
