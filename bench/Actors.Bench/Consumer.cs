using System.Diagnostics;
using Actors.Consumers;
using Actors.Partitions;

namespace Actors.Bench;

/// <summary>
/// Counts deliveries across all consumers of a run (they may live on different nodes of the process) and
/// records publish→delivery latency from the send time in the payload; completes when every message arrived once.
/// </summary>
public sealed class DeliveryTracker
{
    private readonly long[] _latencies;
    private long _start = Stopwatch.GetTimestamp();
    private readonly TaskCompletionSource<RunResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public DeliveryTracker(int messages) => _latencies = new long[messages];

    public Task<RunResult> Done => _done.Task;

    /// <summary>Starts the clock: call it just before publishing starts.</summary>
    public void Start() => _start = Stopwatch.GetTimestamp();

    /// <summary>Records one first delivery (redeliveries, attempt &gt; 1, are not counted).</summary>
    public void Record(Delivery delivery)
    {
        if (delivery.Attempt > 1) return;
        var latency = Stopwatch.GetTimestamp() - Publisher.SentAt(delivery.Message.Payload);
        var index = Interlocked.Increment(ref _count) - 1;
        if (index >= _latencies.Length) return;
        _latencies[index] = latency;
        if (index == _latencies.Length - 1)
            _done.TrySetResult(new RunResult(_latencies.Length, Stopwatch.GetElapsedTime(_start), _latencies));
    }
}

/// <summary>A consumer that records each delivery and acks it at once to the sender (its group member).</summary>
public sealed class Consumer : ReceiveActor
{
    public Consumer(DeliveryTracker tracker) =>
        Receive<Delivery>(delivery =>
        {
            tracker.Record(delivery);
            Sender.Tell(delivery.ToAck());
        });

    public static Props Props(DeliveryTracker tracker) => Akka.Actor.Props.Create(() => new Consumer(tracker));
}
