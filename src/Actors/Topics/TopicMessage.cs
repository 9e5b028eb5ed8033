using System.Globalization;
using System.Text;

namespace Actors.Topics;

/// <summary>
/// One message of a topic: an optional key (which picks the partition, so per-key order holds),
/// the payload bytes, string headers, and the time the broker accepted it.
/// </summary>
public sealed record TopicMessage(string? Key, byte[] Payload, IReadOnlyDictionary<string, string> Headers, DateTimeOffset Timestamp)
{
    /// <summary>
    /// The time the producer gave the message, when it gave one (a Kafka record's CreateTime); null for native
    /// publishes. <see cref="Timestamp"/> stays the broker's, which orders the log for retention and seeks by time;
    /// Kafka consumers are shown this one when present, as a Kafka broker with CreateTime topics does.
    /// </summary>
    public DateTimeOffset? CreateTime { get; init; }

    public static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>Bytes this message weighs against the topic's size limit: payload, and key and headers as UTF-8.</summary>
    public int Size => SizeOf(Payload, Key, Headers);

    /// <summary>The <see cref="Size"/> of a message with these parts, before it is made one.</summary>
    public static int SizeOf(byte[] payload, string? key, IReadOnlyDictionary<string, string>? headers)
    {
        var size = (long)payload.Length + (key is null ? 0 : Encoding.UTF8.GetByteCount(key));
        foreach (var (name, value) in headers ?? NoHeaders) size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);
        return (int)Math.Min(size, int.MaxValue);
    }

    /// <summary>The one wording of a refusal for size, the same from the client, the CLI and the partition.</summary>
    public static string TooLarge(long size, long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"message of {size} bytes is over the limit of {FormatBytes(limit)}");

    /// <summary>A size as a person reads it in an error line: <c>1 MiB</c>, <c>512 KiB</c>, <c>100 bytes</c>.</summary>
    public static string FormatBytes(long bytes) => bytes switch
    {
        > 0 when bytes % (1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB"),
        > 0 when bytes % 1024 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}

/// <summary>A message as stored in a partition: the message and its offset there.</summary>
public sealed record StoredMessage(long Offset, TopicMessage Message);
