namespace Actors.Topics;

/// <summary>
/// What keeps a topic's partitions from growing without end (<c>actors.topics.cleanup</c>, per topic at creation), as
/// Kafka's <c>cleanup.policy</c>: retention deletes by age, count and bytes; compaction keeps only the latest message
/// of each key below the in-memory tail (a message with a key and an empty payload, a tombstone, deletes its key).
/// </summary>
[Flags]
public enum CleanupPolicy
{
    /// <summary>Retention by age, count and bytes (the default; Kafka's <c>delete</c>).</summary>
    Delete = 1,

    /// <summary>Only the latest message per key is kept; nothing is deleted by age, count or bytes (Kafka's <c>compact</c>).</summary>
    Compact = 2,

    /// <summary>Both: compaction, and retention by age, count and bytes over what it keeps (Kafka's <c>compact,delete</c>).</summary>
    DeleteAndCompact = Delete | Compact,
}

/// <summary>The settings' spelling of <see cref="CleanupPolicy"/>: <c>delete</c>, <c>compact</c>, <c>delete,compact</c>.</summary>
public static class CleanupPolicies
{
    public static string Text(this CleanupPolicy policy) => policy switch
    {
        CleanupPolicy.Compact => "compact",
        CleanupPolicy.DeleteAndCompact => "delete,compact",
        _ => "delete",
    };

    /// <summary>The policy <paramref name="text"/> names (Kafka's spelling: words separated by commas, in any order), or null when it names none.</summary>
    public static CleanupPolicy? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        CleanupPolicy policy = 0;
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            switch (word.ToLowerInvariant())
            {
                case "delete": policy |= CleanupPolicy.Delete; break;
                case "compact": policy |= CleanupPolicy.Compact; break;
                default: return null;
            }
        }

        return policy == 0 ? null : policy;
    }
}
