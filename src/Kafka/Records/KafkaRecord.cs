namespace Actors.Kafka.Records;

/// <summary>
/// One record of a batch with absolute offset and timestamp (the batch's base plus the record's deltas). Key,
/// value and header values are null when the wire says null (length -1), and otherwise slices of the batch's
/// bytes (or of its decompressed records), not copies.
/// </summary>
public sealed record KafkaRecord(
    long Offset,
    long Timestamp,
    ReadOnlyMemory<byte>? Key,
    ReadOnlyMemory<byte>? Value,
    IReadOnlyList<RecordHeader> Headers)
{
    /// <summary>The record's own attributes byte (unused by Kafka so far, kept for a byte-exact round trip).</summary>
    public sbyte Attributes { get; init; }
}

/// <summary>A record header: a UTF-8 key and a value that may be null.</summary>
public sealed record RecordHeader(string Key, ReadOnlyMemory<byte>? Value);
