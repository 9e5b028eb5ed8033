namespace Actors.Topics;

/// <summary>
/// A topic's durable definition, agreed cluster-wide through the topic registry: how many partitions
/// it has and how its messages are kept and redelivered. Fixed at creation.
/// </summary>
public sealed record TopicSpec(
    TopicName Name,
    int Partitions,
    TimeSpan RetentionAge,
    long RetentionMessages,
    int MaxMessageBytes,
    TimeSpan VisibilityTimeout,
    int MaxDeliveryAttempts,
    long RetentionBytes = TopicSpec.UnlimitedBytes,
    OverflowPolicy Overflow = OverflowPolicy.DropOldest,
    CleanupPolicy Cleanup = CleanupPolicy.Delete)
{
    /// <summary>Compaction keeps only the latest message per key below the tail (<c>cleanup = compact</c> or <c>delete,compact</c>).</summary>
    public bool Compacted => Cleanup.HasFlag(CleanupPolicy.Compact);

    /// <summary>Retention by age, count and bytes applies (<c>cleanup = delete</c> or <c>delete,compact</c>).</summary>
    public bool Deletes => Cleanup.HasFlag(CleanupPolicy.Delete);

    /// <summary>The cleanup policy as the settings, the CLI and Kafka's <c>cleanup.policy</c> write it.</summary>
    public string CleanupText => Cleanup.Text();

    /// <summary><see cref="RetentionMessages"/> when no count is set (<c>max-messages = unlimited</c>): only age deletes.</summary>
    public const long UnlimitedMessages = long.MaxValue;

    /// <summary><see cref="RetentionBytes"/> when no size is set (<c>max-bytes = unlimited</c>, Kafka's <c>retention.bytes = -1</c>).</summary>
    public const long UnlimitedBytes = long.MaxValue;

    /// <summary>Whether retention by count or bytes bounds the partition at all (age always does, unless the topic is only compacted).</summary>
    public bool Bounded => Deletes && (RetentionMessages != UnlimitedMessages || RetentionBytes != UnlimitedBytes);

    /// <summary>The retention by bytes as a person reads it: a size such as <c>10 GiB</c>, or <c>unlimited</c>.</summary>
    public string RetentionBytesText => RetentionBytes == UnlimitedBytes ? "unlimited" : Sizes.Format(RetentionBytes);

    /// <summary>The overflow policy as the settings and the CLI write it.</summary>
    public string OverflowText => Overflow.Text();

    /// <summary>The retention by count as a person reads it: a number, or <c>unlimited</c>.</summary>
    public string RetentionMessagesText =>
        RetentionMessages == UnlimitedMessages ? "unlimited" : RetentionMessages.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The dead-letter topic for this one (none for a dead-letter topic itself).</summary>
    public TopicName? DeadLetterTopic(string suffix) =>
        Name.Value.EndsWith(suffix, StringComparison.Ordinal) ? null : new TopicName(Name.Value + suffix);

    /// <summary>
    /// The spec of the dead-letter topic: same partitions, kept as long, never dead-lettered again, never compacted
    /// (each dead letter is kept, whatever its key; a compacted topic's dead letters go by its retention by age).
    /// </summary>
    public TopicSpec ForDeadLetters(TopicName name) => this with { Name = name, MaxDeliveryAttempts = int.MaxValue, Cleanup = CleanupPolicy.Delete };
}
