using Akka.Event;
using Directive = Akka.Streams.Supervision.Directive;
using StreamDecider = Akka.Streams.Supervision.Decider;

namespace Actors.Streams.Supervision;

/// <summary>
/// Owns one running graph: materializes it in its own context (so the graph dies with the actor), and when the
/// graph fails, runs it again after an exponential backoff (min, doubling up to max, with jitter) unless the
/// decider says <see cref="Directive.Stop"/> for the failure or the restarts allowed are used up. A graph that
/// completes is done. At its end it stops, or, given someone to report to, tells them its final
/// <see cref="PipelineStatus"/> and stays so its outcome can still be asked for (how a node's pipeline host keeps
/// ended pipelines listed). A topic pipeline restarted this way resumes from its group's last commit.
/// </summary>
public sealed class PipelineSupervisor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _name;
    private readonly Func<IMaterializer, Task> _run;
    private readonly RestartSettings _backoff;
    private readonly StreamDecider _decider;
    private readonly IActorRef? _reportTo;
    private IMaterializer? _materializer;
    private string _state = "starting";
    private int _restarts;

    public PipelineSupervisor(string name, Func<IMaterializer, Task> run, RestartSettings backoff, StreamDecider decider, IActorRef? reportTo)
    {
        _name = name;
        _run = run;
        _backoff = backoff;
        _decider = decider;
        _reportTo = reportTo;
        Receive<Start>(_ => Run());
        Receive<Finished>(HandleFinished);
        Receive<GetStatus>(_ => Sender.Tell(Status()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Props of a supervisor that runs <paramref name="run"/>: it materializes the graph with the materializer it
    /// is given and returns the task that completes (or fails) with the graph. Every failure is rerun (up to
    /// <see cref="RestartSettings.MaxRestarts"/>); the actor stops when the graph completes or restarts run out.
    /// </summary>
    public static Props Props(string name, Func<IMaterializer, Task> run, RestartSettings backoff) =>
        Props(name, run, backoff, _ => Directive.Restart, reportTo: null);

    /// <summary>
    /// Props of a supervisor whose <paramref name="decider"/> tells a failure to rerun (<see cref="Directive.Restart"/>
    /// or <see cref="Directive.Resume"/>) from one that ends the pipeline (<see cref="Directive.Stop"/>: a file
    /// that no longer builds, say). With <paramref name="reportTo"/>, its end is told there and the actor stays.
    /// </summary>
    public static Props Props(string name, Func<IMaterializer, Task> run, RestartSettings backoff, StreamDecider decider, IActorRef? reportTo) =>
        Akka.Actor.Props.Create(() => new PipelineSupervisor(name, run, backoff, decider, reportTo));

    /// <summary>
    /// The delay before rerun number <paramref name="restarts"/> + 1: the minimum backoff doubled per restart so far,
    /// capped at the maximum, plus up to the random factor of it as jitter.
    /// </summary>
    internal static TimeSpan Backoff(RestartSettings settings, int restarts)
    {
        var exponential = settings.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(restarts, 30));
        var capped = Math.Min(exponential, settings.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + Random.Shared.NextDouble() * settings.RandomFactor));
    }

    protected override void PreStart() => Self.Tell(Start.Instance);

    private void Run()
    {
        Task running;
        try
        {
            running = _run(_materializer ??= Context.Materializer());
        }
        catch (Exception ex)
        {
            // Building the graph failed (a file that no longer reads, a port in use): the decider tells which.
            running = Task.FromException(ex);
        }

        _state = "running";
        running.ContinueWith(t => new Finished(t.Exception?.GetBaseException()), TaskScheduler.Default).PipeTo(Self);
    }

    private void HandleFinished(Finished finished)
    {
        if (finished.Error is not { } error)
        {
            _log.Info("pipeline {0} completed", _name);
            End("completed");
            return;
        }

        if (_decider(error) == Directive.Stop)
        {
            _log.Error(error, "pipeline {0} failed and is not to be rerun", _name);
            End($"failed: {OneLine(error.Message)}");
            return;
        }

        if (_backoff.MaxRestarts >= 0 && _restarts >= _backoff.MaxRestarts)
        {
            _log.Error(error, "pipeline {0} failed and has no restarts left", _name);
            End($"failed: {OneLine(error.Message)}");
            return;
        }

        var delay = Backoff(_backoff, _restarts++);
        Pipelines.Hosting.StreamsMetrics.Restarts.Add(1, new KeyValuePair<string, object?>(Pipelines.Hosting.StreamsMetrics.PipelineTag, _name));
        _state = $"restarting ({OneLine(error.Message)})";
        _log.Warning("pipeline {0} failed ({1}); restart {2} in {3:0.###} s", _name, error.Message, _restarts, delay.TotalSeconds);
        Timers.StartSingleTimer(Start.Instance, Start.Instance, delay);
    }

    private void End(string state)
    {
        _state = state;
        if (_reportTo is null) Context.Stop(Self);
        else _reportTo.Tell(Status());
    }

    private PipelineStatus Status() => new(_name, _restarts, _state);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>Ask for the pipeline's <see cref="PipelineStatus"/>.</summary>
    public sealed class GetStatus : INoSerializationVerificationNeeded
    {
        public static GetStatus Instance { get; } = new();
        private GetStatus() { }
    }

    private sealed class Start : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Start Instance { get; } = new();
        private Start() { }
    }

    private sealed record Finished(Exception? Error) : INoSerializationVerificationNeeded;
}

/// <summary>
/// A pipeline's name, how often it has been rerun after a failure, and its state: starting, running,
/// restarting (with the last failure), completed, or failed: reason.
/// </summary>
public sealed record PipelineStatus(string Name, int Restarts, string State);
