using Akka.Event;

namespace Actors.Streams.Distributed;

/// <summary>
/// Serves one kind of work on its node: for each coordinator that asks (<see cref="OpenWorkSession"/>) it runs
/// a session stream, batches of items in through a sink ref, <c>parallelism</c> items worked on at once, each
/// batch's results out in one message through a source ref. The refs carry demand across the network, so a busy worker slows its
/// coordinator. A session ends with its coordinator (the refs watch their partner) or with this actor.
/// </summary>
internal sealed class WorkerActor<TIn, TOut> : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public WorkerActor(string name, Func<string?, Func<TIn, Task<TOut>>> compile, int parallelism)
    {
        var compiled = new Dictionary<string, Func<TIn, Task<TOut>>>(StringComparer.Ordinal);
        var materializer = Context.Materializer();
        var node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        ReceiveAsync<OpenWorkSession>(async open =>
        {
            var coordinator = Sender;
            Func<TIn, Task<TOut>> work;
            try
            {
                var key = open.Spec ?? "";
                if (!compiled.TryGetValue(key, out work!)) compiled[key] = work = compile(open.Spec);
            }
            catch (Exception ex)
            {
                // The coordinator gives up on this worker after its open timeout and says so.
                _log.Error("Work {Work}: cannot make the work of session {Session}: {Error}", name, open.SessionId, ex.Message);
                return;
            }

            // Two batches at once: the next is under way while the last results travel back.
            var (items, results) = StreamRefs.SinkRef<WorkBatch>()
                .SelectAsync(2, batch => RunBatch(batch, work, parallelism, node))
                .ToMaterialized(StreamRefs.SourceRef<WorkResults>(), Keep.Both)
                .Run(materializer);
            coordinator.Tell(new WorkSessionOpened(open.SessionId, await items, await results));
            _log.Info("Work {Work}: session {Session} opened for {Coordinator}", name, open.SessionId, coordinator.Path);
        });
    }

    public static Props Props(string name, Func<string?, Func<TIn, Task<TOut>>> compile, int parallelism) =>
        Akka.Actor.Props.Create(() => new WorkerActor<TIn, TOut>(name, compile, parallelism));

    private static async Task<WorkResults> RunBatch(WorkBatch batch, Func<TIn, Task<TOut>> work, int parallelism, Address node)
    {
        // `parallelism` lanes take the batch's items in turn; work that completes synchronously costs no task switch.
        var results = new WorkResult[batch.Items.Count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(parallelism, results.Length)).Select(_ => Lane()));
        return new WorkResults(results);

        async Task Lane()
        {
            for (var i = Interlocked.Increment(ref next); i < results.Length; i = Interlocked.Increment(ref next))
                results[i] = await Run(batch.Items[i], work, node);
        }
    }

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
