namespace Actors.Kafka.Records;

/// <summary>
/// A record batch v2 (magic 2), the unit of Produce and Fetch: a header (base offset, producer id, epoch and base
/// sequence for idempotence, timestamps, attributes with the compression codec) and its records. Offsets and
/// timestamps of records are absolute here; the writer turns them back into deltas.
/// </summary>
public sealed record RecordBatch
{
    /// <summary>The size of the batch header up to and including the record count.</summary>
    public const int HeaderSize = 61;

    /// <summary>The producer id of a producer that is not idempotent.</summary>
    public const long NoProducerId = -1;

    public long BaseOffset { get; init; }
    public int PartitionLeaderEpoch { get; init; } = -1;
    public short Attributes { get; init; }
    public int LastOffsetDelta { get; init; }
    public long BaseTimestamp { get; init; } = -1;
    public long MaxTimestamp { get; init; } = -1;
    public long ProducerId { get; init; } = NoProducerId;
    public short ProducerEpoch { get; init; } = -1;
    public int BaseSequence { get; init; } = -1;
    public IReadOnlyList<KafkaRecord> Records { get; init; } = [];

    /// <summary>The codec of the records section.</summary>
    public CompressionType Compression => (CompressionType)(Attributes & 0x07);

    /// <summary>Whether timestamps are the broker's append time rather than the producer's create time.</summary>
    public bool IsLogAppendTime => (Attributes & 0x08) != 0;

    public bool IsTransactional => (Attributes & 0x10) != 0;

    public bool IsControl => (Attributes & 0x20) != 0;

    /// <summary>The offset of the last record.</summary>
    public long LastOffset => BaseOffset + LastOffsetDelta;

    /// <summary>
    /// A batch of <paramref name="records"/> (absolute offsets and timestamps) with its header computed from them:
    /// base offset and timestamp from the first record, last delta and max timestamp over all.
    /// </summary>
    public static RecordBatch Of(IReadOnlyList<KafkaRecord> records, CompressionType compression = CompressionType.None,
        long producerId = NoProducerId, short producerEpoch = -1, int baseSequence = -1)
    {
        if (records.Count == 0) throw new ArgumentException("a record batch has at least one record", nameof(records));
        var baseOffset = records[0].Offset;
        return new RecordBatch
        {
            BaseOffset = baseOffset,
            Attributes = (short)compression,
            LastOffsetDelta = (int)(records[^1].Offset - baseOffset),
            BaseTimestamp = records[0].Timestamp,
            MaxTimestamp = records.Max(r => r.Timestamp),
            ProducerId = producerId,
            ProducerEpoch = producerEpoch,
            BaseSequence = baseSequence,
            Records = records,
        };
    }
}
