namespace Actors.Topics;

/// <summary>
/// What a partition does when a publish would take it past its retention by count or bytes
/// (<c>actors.topics.retention.overflow</c>, per topic at creation).
/// </summary>
public enum OverflowPolicy
{
    /// <summary>Log semantics (Kafka): the oldest messages are deleted to make room, read or not (counted per group as dropped unread).</summary>
    DropOldest = 0,

    /// <summary>
    /// Queue semantics (RabbitMQ's <c>overflow = reject-publish</c>): the publish is refused with
    /// <see cref="PublishError.PartitionFull"/> and nothing accepted is lost. Only messages every group has committed
    /// past are deleted to make room (and age deletes as always); a partition without groups keeps everything until age.
    /// </summary>
    RejectPublish = 1,
}

/// <summary>The settings' spelling of <see cref="OverflowPolicy"/>: <c>drop-oldest</c>, <c>reject-publish</c>.</summary>
public static class OverflowPolicies
{
    public static string Text(this OverflowPolicy policy) => policy == OverflowPolicy.RejectPublish ? "reject-publish" : "drop-oldest";

    /// <summary>The policy <paramref name="text"/> names, or null when it names none.</summary>
    public static OverflowPolicy? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "drop-oldest" => OverflowPolicy.DropOldest,
        "reject-publish" => OverflowPolicy.RejectPublish,
        _ => null,
    };
}
