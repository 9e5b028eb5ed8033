using Akka.Event;

namespace Actors.Streams.Supervision;

/// <summary>
/// Owns one running graph: materializes it in its own context (so the graph dies with the actor), and when
/// the graph fails, runs it again after an exponential backoff (min, doubling up to max, with jitter); a
/// graph that completes is done and the actor stops. A topic pipeline restarted this way resumes from its
/// group's last commit. Hosting this actor as a sharded entity or singleton moves a pipeline with its node.
/// </summary>
public sealed class PipelineSupervisor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _name;
    private readonly Func<IMaterializer, Task> _run;
    private readonly RestartSettings _backoff;
    private int _restarts;

    public PipelineSupervisor(string name, Func<IMaterializer, Task> run, RestartSettings backoff)
    {
        _name = name;
        _run = run;
        _backoff = backoff;
        Receive<Start>(_ => Run());
        Receive<Finished>(HandleFinished);
        Receive<GetStatus>(_ => Sender.Tell(new PipelineStatus(_name, _restarts)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Props of a supervisor that runs <paramref name="run"/>: it materializes the graph with the materializer it
    /// is given and returns the task that completes (or fails) with the graph.
    /// </summary>
    public static Props Props(string name, Func<IMaterializer, Task> run, RestartSettings backoff) =>
        Akka.Actor.Props.Create(() => new PipelineSupervisor(name, run, backoff));

    protected override void PreStart() => Self.Tell(Start.Instance);

    private void Run()
    {
        Task running;
        try
        {
            running = _run(Context.Materializer());
        }
        catch (Exception ex)
        {
            running = Task.FromException(ex);
        }

        running.ContinueWith(t => new Finished(t.Exception?.GetBaseException()), TaskScheduler.Default).PipeTo(Self);
    }

    private void HandleFinished(Finished finished)
    {
        if (finished.Error is null)
        {
            _log.Info("pipeline {0} completed", _name);
            Context.Stop(Self);
            return;
        }

        if (_backoff.MaxRestarts >= 0 && _restarts >= _backoff.MaxRestarts)
        {
            _log.Error(finished.Error, "pipeline {0} failed and has no restarts left", _name);
            Context.Stop(Self);
            return;
        }

        var delay = Backoff(_restarts++);
        _log.Warning("pipeline {0} failed ({1}); restart {2} in {3:0.###} s", _name, finished.Error.Message, _restarts, delay.TotalSeconds);
        Timers.StartSingleTimer(Start.Instance, Start.Instance, delay);
    }

    private TimeSpan Backoff(int restarts)
    {
        var exponential = _backoff.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(restarts, 30));
        var capped = Math.Min(exponential, _backoff.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + Random.Shared.NextDouble() * _backoff.RandomFactor));
    }

    /// <summary>Ask for the pipeline's <see cref="PipelineStatus"/>.</summary>
    public sealed class GetStatus
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

/// <summary>A pipeline's name and how often it has been restarted after a failure.</summary>
public sealed record PipelineStatus(string Name, int Restarts);
