using System.Globalization;
using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// A partition's messages on their way to the dead-letter topic: each move is a publish, matched to its confirm
/// by correlation id, of the message with headers saying where it came from and how often it failed. The
/// offset counts as done for its group only once the dead-letter topic confirmed it. Owned by the partition
/// actor, which does the telling.
/// </summary>
internal sealed class DeadLetterOutbox(TopicName topic, int partition)
{
    private readonly Dictionary<long, (GroupName Group, long Offset)> _sending = [];
    private long _correlation;

    /// <summary>The publish that moves <paramref name="stored"/> (failed <paramref name="attempts"/> times in <paramref name="group"/>) to <paramref name="deadLetterTopic"/>.</summary>
    public Publish Send(TopicName deadLetterTopic, GroupName group, StoredMessage stored, int attempts)
    {
        var correlation = ++_correlation;
        _sending[correlation] = (group, stored.Offset);
        var headers = new Dictionary<string, string>(stored.Message.Headers)
        {
            [DeadLetterHeaders.Topic] = topic.Value,
            [DeadLetterHeaders.Partition] = partition.ToString(CultureInfo.InvariantCulture),
            [DeadLetterHeaders.Offset] = stored.Offset.ToString(CultureInfo.InvariantCulture),
            [DeadLetterHeaders.Group] = group.Value,
            [DeadLetterHeaders.Attempts] = attempts.ToString(CultureInfo.InvariantCulture),
        };
        return new Publish(deadLetterTopic, stored.Message.Payload, stored.Message.Key, headers, correlation);
    }

    /// <summary>The dead-letter topic answered publish <paramref name="correlationId"/>; false if it is not one of these.</summary>
    public bool TryComplete(long correlationId, out (GroupName Group, long Offset) moved) => _sending.Remove(correlationId, out moved);
}

/// <summary>Headers a dead-lettered message carries: where it came from and how often it failed.</summary>
public static class DeadLetterHeaders
{
    public const string Topic = "x-dead-letter-topic";
    public const string Partition = "x-dead-letter-partition";
    public const string Offset = "x-dead-letter-offset";
    public const string Group = "x-dead-letter-group";
    public const string Attempts = "x-dead-letter-attempts";
}
