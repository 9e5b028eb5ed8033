using Actors.Serialization;

namespace Actors.Streams.Distributed;

/// <summary>A coordinator asks a worker for a session: a stream of items in and a stream of results out.</summary>
public sealed record OpenWorkSession(string SessionId) : IStreamsWireMessage;

/// <summary>
/// The worker's answer: where to send items (<see cref="Items"/>, backpressured by the worker) and where
/// their results come from (<see cref="Results"/>). Either stream failing or ending ends the session.
/// </summary>
public sealed record WorkSessionOpened(string SessionId, ISinkRef<WorkItem> Items, ISourceRef<WorkResult> Results) : IStreamsWireMessage;

/// <summary>One element of work, numbered by the coordinator; the number comes back with its result.</summary>
public sealed record WorkItem(long Seq, object Payload) : IStreamsWireMessage;

/// <summary>The result of the item numbered <see cref="Seq"/>, or the error its work threw.</summary>
public sealed record WorkResult(long Seq, object? Payload, string? Error) : IStreamsWireMessage;

/// <summary>Marks the stream layer's messages that cross nodes; <see cref="StreamsSerializer"/> writes them as protobuf.</summary>
public interface IStreamsWireMessage;
