namespace Actors.Partitions;

/// <summary>
/// Published on the actor system's event stream when a partition's journal write fails or is rejected. The
/// partition's publishers get no confirm for that batch; a node's journal health check (in the node host) takes
/// the event as its cue to probe the journal at once. The event alone decides nothing: one failed batch may be a
/// passing blip, a journal that stays unwritable is what the probe finds.
/// </summary>
/// <param name="PersistenceId">The partition's persistence id (<c>partition-TOPIC-N</c>).</param>
/// <param name="Reason">The journal's one-line reason.</param>
/// <param name="Rejected">True when the journal refused the event (say, it could not serialize it) rather than failing the write.</param>
public sealed record JournalWriteFailed(string PersistenceId, string Reason, bool Rejected) : INoSerializationVerificationNeeded;
