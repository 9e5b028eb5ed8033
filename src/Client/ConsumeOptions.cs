using Actors.Partitions;

namespace Actors.Client;

/// <summary>
/// How <see cref="GatewayClient.ConsumeAsync"/> reads: every value left null comes from the library's
/// <c>reference.conf</c> (<c>actors.consumers.prefetch</c>, <c>actors.topics.ask-timeout</c>) or the group's
/// default start (earliest).
/// </summary>
public sealed record ConsumeOptions
{
    /// <summary>Un-acked deliveries the node may have on the way per partition (the credit window).</summary>
    public int? Prefetch { get; init; }

    /// <summary>Where a group that has committed nothing yet starts.</summary>
    public StartFrom? StartFrom { get; init; }

    /// <summary>How long to wait for the node to open the consumer.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Called (on an actor's thread) when the node refuses an ack or nack, for instance because the message had
    /// already been delivered again after its visibility timeout.
    /// </summary>
    public Action<AckRejected>? AckRejected { get; init; }
}
