namespace Actors.Topics;

/// <summary>
/// One message of a topic: an optional key (which picks the partition, so per-key order holds),
/// the payload bytes, string headers, and the time the broker accepted it.
/// </summary>
public sealed record TopicMessage(string? Key, byte[] Payload, IReadOnlyDictionary<string, string> Headers, DateTimeOffset Timestamp)
{
    public static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>Bytes this message weighs against the topic's size limit: payload, key and headers.</summary>
    public int Size => Payload.Length + (Key?.Length ?? 0) + Headers.Sum(h => h.Key.Length + h.Value.Length);
}

/// <summary>A message as stored in a partition: the message and its offset there.</summary>
public sealed record StoredMessage(long Offset, TopicMessage Message);
