using Akka.Event;

namespace Actors.Streams.Distributed;

/// <summary>
/// Serves one kind of work on its node: for each coordinator that asks (<see cref="OpenWorkSession"/>) it runs
/// a session stream, items in through a sink ref, <c>parallelism</c> of them worked on at once, results out in
/// their order through a source ref. The refs carry demand across the network, so a busy worker slows its
/// coordinator. A session ends with its coordinator (the refs watch their partner) or with this actor.
/// </summary>
internal sealed class WorkerActor<TIn, TOut> : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public WorkerActor(string name, Func<TIn, Task<TOut>> work, int parallelism)
    {
        var materializer = Context.Materializer();
        var node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        ReceiveAsync<OpenWorkSession>(async open =>
        {
            var coordinator = Sender;
            var (items, results) = StreamRefs.SinkRef<WorkItem>()
                .SelectAsync(parallelism, item => Run(item, work, node))
                .ToMaterialized(StreamRefs.SourceRef<WorkResult>(), Keep.Both)
                .Run(materializer);
            coordinator.Tell(new WorkSessionOpened(open.SessionId, await items, await results));
            _log.Info("Work {Work}: session {Session} opened for {Coordinator}", name, open.SessionId, coordinator.Path);
        });
    }

    public static Props Props(string name, Func<TIn, Task<TOut>> work, int parallelism) =>
        Akka.Actor.Props.Create(() => new WorkerActor<TIn, TOut>(name, work, parallelism));

    private static async Task<WorkResult> Run(WorkItem item, Func<TIn, Task<TOut>> work, Address node)
    {
        try
        {
            return new WorkResult(item.Seq, await work((TIn)item.Payload), null);
        }
        catch (Exception ex)
        {
            return new WorkResult(item.Seq, null, $"work on {node} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
