using Actors.Kafka.Records;

namespace Actors.Kafka.Records;

/// <summary>
/// The kafka-python batches (kafka_python_batches.py wrote kafka-python-batches.txt): producer 7, epoch 1, base
/// sequence 42, and three records with a header, a null key, a null value and a null header value.
/// </summary>
public static class BatchVectors
{
    public static readonly long[] Timestamps = [1700000000000, 1700000000005, 1700000000001];

    public static byte[] Batch(string codec) => Convert.FromHexString(Lines[codec]);

    public static string Hex(string codec) => Lines[codec];

    private static readonly Dictionary<string, string> Lines = File.ReadAllLines(
            Path.Combine(AppContext.BaseDirectory, "Records", "kafka-python-batches.txt"))
        .Where(line => line.Length > 0)
        .Select(line => line.Split(' '))
        .ToDictionary(parts => parts[0], parts => parts[1]);

    /// <summary>The records every vector holds.</summary>
    public static IReadOnlyList<KafkaRecord> Records() =>
    [
        new(0, Timestamps[0], Bytes("k1"), Bytes("v1"), [new RecordHeader("h", Bytes("x"))]),
        new(1, Timestamps[1], null, Bytes(string.Concat(Enumerable.Repeat("value-2", 20))), []),
        new(2, Timestamps[2], Bytes("k3"), null, [new RecordHeader("a", null)]),
    ];

    /// <summary>Asserts two record lists hold the same offsets, timestamps, keys, values and headers.</summary>
    public static void AssertSame(IReadOnlyList<KafkaRecord> expected, IReadOnlyList<KafkaRecord> actual)
    {
        Assert.Equal(Describe(expected), Describe(actual));
    }

    /// <summary>A record list as text (bytes as hex, null as "null"), for comparison and failure messages.</summary>
    public static string Describe(IReadOnlyList<KafkaRecord> records) => string.Join("\n", records.Select(r =>
        $"{r.Offset} {r.Timestamp} {Text(r.Key)} {Text(r.Value)} [{string.Join(",", r.Headers.Select(h => $"{h.Key}={Text(h.Value)}"))}]"));

    private static ReadOnlyMemory<byte>? Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Convert.ToHexString(b.Span) : "null";
}
