namespace Actors.PeerBench.Targets;

/// <summary>One system under test: its server started (or started per round), the same workload run against it each round.</summary>
internal interface ITarget : IAsyncDisposable
{
    /// <summary>How the table names it, e.g. "RabbitMQ quorum".</summary>
    string Name { get; }

    /// <summary>Publishes <c>--messages</c> with <c>--in-flight</c> confirms outstanding, then consumes them all with an ack each.</summary>
    Task<RunResult> RunAsync(int round, PeerOptions options);
}
