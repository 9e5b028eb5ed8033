namespace Actors.Streams.Distributed;

/// <summary>
/// How a graph spreads a stage over worker nodes (see <see cref="DistributedWork"/>), under
/// <c>actors.streams.distributed-work</c> in the library's reference.conf. <c>new()</c> is the library defaults,
/// <see cref="Create(ActorSystem)"/> the node's; immutable, changed with <c>with</c> or an initializer
/// (<c>new() { Role = "worker" }</c>).
/// </summary>
public sealed record DistributedWorkSettings
{
    /// <summary>The library defaults.</summary>
    public DistributedWorkSettings() : this(StreamsSettings.DefaultConfig())
    {
    }

    private DistributedWorkSettings(Config config)
    {
        var c = config.WithFallback(StreamsSettings.DefaultConfig()).GetConfig("actors.streams.distributed-work");
        WindowPerWorker = c.GetInt("window-per-worker");
        Ordered = c.GetBoolean("ordered");
        NoWorkerTimeout = c.GetTimeSpan("no-worker-timeout");
        OpenTimeout = c.GetTimeSpan("open-timeout");
        WorkerParallelism = c.GetInt("worker-parallelism");
    }

    /// <summary>Use only workers on nodes with this role (any node when null).</summary>
    public string? Role { get; init; }

    /// <summary>
    /// Items one worker holds without a result yet; with the worker's own demand, the backpressure from it. Items
    /// go in batches of up to half of it, so one round trip carries that many: cheap work wants a large window.
    /// </summary>
    public int WindowPerWorker { get; init; }

    /// <summary>What the workers make their work from, for workers served with a compiler (null: their one function).</summary>
    public string? Spec { get; init; }

    /// <summary>Emit results in input order, or as they come back.</summary>
    public bool Ordered { get; init; }

    /// <summary>Fail the stream when there is work and no worker for this long.</summary>
    public TimeSpan NoWorkerTimeout { get; init; }

    /// <summary>A worker that does not open a session within this long is left out until it is seen again.</summary>
    public TimeSpan OpenTimeout { get; init; }

    /// <summary>On a worker node: items a served worker works on at once, per coordinator (<c>DistributedWork.Serve</c>).</summary>
    public int WorkerParallelism { get; init; }

    /// <summary>The node's settings (its configuration over the library defaults).</summary>
    public static DistributedWorkSettings Create(ActorSystem system) => Create(system.Settings.Config);

    /// <summary>The settings of <paramref name="config"/> over the library defaults.</summary>
    public static DistributedWorkSettings Create(Config config) => new(config);

    internal void Validate()
    {
        if (WindowPerWorker < 1) throw new ArgumentOutOfRangeException(nameof(WindowPerWorker), WindowPerWorker, "must be at least 1");
        if (NoWorkerTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(NoWorkerTimeout), NoWorkerTimeout, "must be positive");
        if (OpenTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(OpenTimeout), OpenTimeout, "must be positive");
    }
}

/// <summary>A worker's work threw; the message names the worker's node and the exception.</summary>
public sealed class WorkFailedException(string message) : Exception(message);

/// <summary>There was work and no worker to take it for <see cref="DistributedWorkSettings.NoWorkerTimeout"/>.</summary>
public sealed class NoWorkersException(string message) : Exception(message);
