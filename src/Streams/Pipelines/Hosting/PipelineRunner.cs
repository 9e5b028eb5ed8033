using Actors.Hocon;
using Actors.Pipelines;
using Akka.Event;

namespace Actors.Streams.Pipelines.Hosting;

/// <summary>
/// Owns one pipeline on one node: checks and builds its text, runs the graph in its own context (the graph dies
/// with the actor), counts elements in and out, and when the graph fails runs it again after an exponential
/// backoff. A file that no longer builds, a graph that completes, or one out of restarts ends it for good: the
/// runner stays (so the pipeline is listed with its outcome) and tells its parent. Not
/// <see cref="Supervision.PipelineSupervisor"/>: that one stops on completion and keeps no state to report.
/// </summary>
public sealed class PipelineRunner : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _name;
    private readonly string _origin;
    private readonly string _text;
    private readonly PipelinesSettings _settings;
    private readonly PipelineCounters _counters = new();
    private readonly string _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
    private string _state = "starting";
    private int _restarts;
    private int _run;
    private long _lastIn;
    private DateTime _lastSample = DateTime.UtcNow;
    private double _rate;
    private IMaterializer? _materializer;

    public PipelineRunner(string name, string origin, string text, PipelinesSettings settings)
    {
        _name = name;
        _origin = origin;
        _text = text;
        _settings = settings;
        Receive<Start>(_ => Run());
        Receive<Finished>(HandleFinished);
        Receive<Sample>(_ => HandleSample());
        Receive<GetInfo>(_ => Sender.Tell(Info()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, string origin, string text, PipelinesSettings settings) =>
        Akka.Actor.Props.Create(() => new PipelineRunner(name, origin, text, settings));

    protected override void PreStart()
    {
        Self.Tell(Start.Instance);
        Timers.StartPeriodicTimer(Sample.Instance, Sample.Instance, TimeSpan.FromSeconds(1));
    }

    private void Run()
    {
        Task running;
        try
        {
            var graph = PipelineDefinition.Parse(_text, _origin).BuildCounted(Context.System, _counters);
            running = graph.Run(_materializer ??= Context.Materializer());
        }
        catch (HoconException ex)
        {
            // The registry checked the file, but building reads every value (and ${?ENV} resolves on this node).
            End($"failed: {ex.Message}");
            return;
        }
        catch (Exception ex)
        {
            running = Task.FromException(ex);
        }

        _state = "running";
        var run = ++_run;
        running.ContinueWith(t => new Finished(run, t.Exception?.GetBaseException()), TaskScheduler.Default).PipeTo(Self);
    }

    private void HandleFinished(Finished finished)
    {
        if (finished.Run != _run) return;
        if (finished.Error is null)
        {
            _log.Info("pipeline {0} completed ({1} in, {2} out)", _name, _counters.In, _counters.Out);
            End("completed");
            return;
        }

        if (_settings.MaxRestarts >= 0 && _restarts >= _settings.MaxRestarts)
        {
            _log.Error(finished.Error, "pipeline {0} failed and has no restarts left", _name);
            End($"failed: {OneLine(finished.Error.Message)}");
            return;
        }

        var delay = _settings.Backoff(_restarts++);
        _state = $"restarting ({OneLine(finished.Error.Message)})";
        _log.Warning("pipeline {0} failed ({1}); restart {2} in {3:0.###} s", _name, finished.Error.Message, _restarts, delay.TotalSeconds);
        Timers.StartSingleTimer(Start.Instance, Start.Instance, delay);
    }

    private void End(string state)
    {
        _state = state;
        Context.Parent.Tell(new PipelineEnded(_name, state));
    }

    private void HandleSample()
    {
        var now = DateTime.UtcNow;
        var seconds = (now - _lastSample).TotalSeconds;
        var elementsIn = _counters.In;
        _rate = seconds > 0 ? (elementsIn - _lastIn) / seconds : 0;
        _lastIn = elementsIn;
        _lastSample = now;
    }

    private PipelineInfo Info() => new(_name, _node, _counters.In, _counters.Out, Math.Round(_rate, 1), _state, _restarts);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>Asks a runner for its <see cref="PipelineInfo"/> (local only).</summary>
    public sealed class GetInfo : INoSerializationVerificationNeeded
    {
        public static GetInfo Instance { get; } = new();
        private GetInfo() { }
    }

    private sealed class Start : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Start Instance { get; } = new();
        private Start() { }
    }

    private sealed class Sample : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Sample Instance { get; } = new();
        private Sample() { }
    }

    private sealed record Finished(int Run, Exception? Error) : INoSerializationVerificationNeeded;
}
