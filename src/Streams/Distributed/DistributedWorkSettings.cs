namespace Actors.Streams.Distributed;

/// <summary>How a graph spreads a stage over worker nodes (see <see cref="DistributedWork"/>).</summary>
public sealed record DistributedWorkSettings
{
    /// <summary>Use only workers on nodes with this role (any node when null).</summary>
    public string? Role { get; init; }

    /// <summary>
    /// Items one worker holds without a result yet; with the worker's own demand, the backpressure from it. Items
    /// go in batches of up to half of it, so one round trip carries that many: cheap work wants a large window.
    /// </summary>
    public int WindowPerWorker { get; init; } = 64;

    /// <summary>What the workers make their work from, for workers served with a compiler (null: their one function).</summary>
    public string? Spec { get; init; }

    /// <summary>Emit results in input order (default), or as they come back.</summary>
    public bool Ordered { get; init; } = true;

    /// <summary>Fail the stream when there is work and no worker for this long.</summary>
    public TimeSpan NoWorkerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A worker that does not open a session within this long is left out until it is seen again.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(10);

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
