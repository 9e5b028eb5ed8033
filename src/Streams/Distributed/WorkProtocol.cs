using Actors.Streams.Serialization;

namespace Actors.Streams.Distributed;

/// <summary>
/// A coordinator asks a worker for a session: a stream of items in and a stream of results out. A worker
/// served with a compiler (see <see cref="DistributedWork.ServeCompiled{TIn,TOut}"/>) makes the session's work
/// from <see cref="Spec"/>.
/// </summary>
internal sealed record OpenWorkSession(string SessionId, string? Spec = null) : IStreamsWireMessage;

/// <summary>
/// The worker's answer: where to send items (<see cref="Items"/>, backpressured by the worker) and where
/// their results come from (<see cref="Results"/>). Either stream failing or ending ends the session.
/// </summary>
internal sealed record WorkSessionOpened(string SessionId, ISinkRef<WorkBatch> Items, ISourceRef<WorkResults> Results) : IStreamsWireMessage;

/// <summary>
/// Items sent to a worker in one message: as many as its window allows when it asks, so a busy stream sends few
/// large messages and an idle one single items without waiting.
/// </summary>
internal sealed record WorkBatch(IReadOnlyList<WorkItem> Items) : IStreamsWireMessage;

/// <summary>The results of one <see cref="WorkBatch"/>, in its order.</summary>
internal sealed record WorkResults(IReadOnlyList<WorkResult> Results) : IStreamsWireMessage;

/// <summary>One element of work, numbered by the coordinator; the number comes back with its result.</summary>
internal sealed record WorkItem(long Seq, object Payload) : IStreamsWireMessage;

/// <summary>The result of the item numbered <see cref="Seq"/>, or the error its work threw.</summary>
internal sealed record WorkResult(long Seq, object? Payload, string? Error) : IStreamsWireMessage;
