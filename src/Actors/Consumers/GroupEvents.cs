using Actors.Serialization;

namespace Actors.Consumers;

/// <summary>
/// Journal event of a group coordinator: it issued <paramref name="Generation"/>. Journaled before any member
/// hears of it, so a coordinator that restarts or moves recovers the highest generation it ever issued and only
/// issues higher ones, whatever the clock of the node it lands on says.
/// </summary>
internal sealed record GroupGenerationIssued(long Generation) : IActorsWireMessage;
