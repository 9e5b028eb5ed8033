using Actors.Routing;

namespace Actors.Streams.Distributed;

/// <summary>
/// Spreads one stage of a graph over worker nodes. Worker nodes serve a named kind of work:
/// <code>
/// DistributedWork.Serve&lt;string, string&gt;(system, "enrich", line => EnrichAsync(line));   // on nodes with role "worker"
/// </code>
/// and a graph anywhere in the cluster runs its elements through them:
/// <code>
/// TopicSource.Committable(system, settings)
///     .Select(m => (Text(m), m))
///     .Via(DistributedWork.FlowWithContext&lt;string, string, CommittableMessage&gt;(system, "enrich", new() { Role = "worker" }))
///     .Select(r => { Save(r.Item1); return r.Item2; })
///     .RunWith(Committer.Sink(), materializer);
/// </code>
/// Items and results travel through stream refs, so demand crosses the network: the slowest worker and the
/// slowest consumer set the pace. A worker that joins takes a share at once; a worker that is lost hands what it
/// held to the others, so every element gets its result and nothing is skipped; with commits after the stage,
/// nothing committed is lost. Items and results cross nodes: strings and byte arrays are written inline, any
/// other type with the serializer Akka binds to it.
/// </summary>
public static class DistributedWork
{
    /// <summary>
    /// Serves <paramref name="name"/> on this node: up to <paramref name="parallelism"/> items per coordinator at once
    /// (by default the node's <see cref="DistributedWorkSettings.WorkerParallelism"/>).
    /// </summary>
    public static IActorRef Serve<TIn, TOut>(ActorSystem system, string name, Func<TIn, Task<TOut>> work, int? parallelism = null) =>
        ServeCompiled<TIn, TOut>(system, name, _ => work, parallelism);

    /// <summary>
    /// Serves <paramref name="name"/> with work made per session from the coordinator's
    /// <see cref="DistributedWorkSettings.Spec"/> (made once per distinct spec): how a pipeline file sends
    /// its steps to workers that know only the vocabulary.
    /// </summary>
    public static IActorRef ServeCompiled<TIn, TOut>(ActorSystem system, string name, Func<string?, Func<TIn, Task<TOut>>> compile, int? parallelism = null)
    {
        var lanes = parallelism ?? DistributedWorkSettings.Create(system).WorkerParallelism;
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        var service = ServiceFor(name);
        var worker = system.ActorOf(WorkerActor<TIn, TOut>.Props(name, compile, lanes), $"work-{service.Value}-{Guid.NewGuid():N}");
        Routes.Get(system).Register(service, worker);
        return worker;
    }

    /// <summary>Serves <paramref name="name"/> with synchronous work.</summary>
    public static IActorRef Serve<TIn, TOut>(ActorSystem system, string name, Func<TIn, TOut> work, int? parallelism = null) =>
        Serve<TIn, TOut>(system, name, item => Task.FromResult(work(item)), parallelism);

    /// <summary>
    /// Runs each element through a worker of <paramref name="name"/>; results in input order unless
    /// <see cref="DistributedWorkSettings.Ordered"/> is off. Without settings, the node's.
    /// </summary>
    public static Flow<TIn, TOut, NotUsed> Flow<TIn, TOut>(ActorSystem system, string name, DistributedWorkSettings? settings = null) =>
        Akka.Streams.Dsl.Flow.Create<TIn>()
            .Select(item => (item, NotUsed.Instance))
            .Via(FlowWithContext<TIn, TOut, NotUsed>(system, name, settings))
            .Select(result => result.Item1);

    /// <summary>
    /// Like <see cref="Flow{TIn,TOut}"/>, with a context per element that stays on this node and comes out with
    /// the element's result: a <see cref="Stages.CommittableMessage"/> to commit after the result is stored, say.
    /// </summary>
    public static Flow<(TIn, TCtx), (TOut, TCtx), NotUsed> FlowWithContext<TIn, TOut, TCtx>(ActorSystem system, string name, DistributedWorkSettings? settings = null) =>
        Akka.Streams.Dsl.Flow.FromGraph(new DistributedWorkStage<TIn, TOut, TCtx>(system, name, settings ?? DistributedWorkSettings.Create(system)));

    internal static ServiceName ServiceFor(string name) => new($"work.{name}");
}
