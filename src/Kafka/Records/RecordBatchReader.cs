namespace Actors.Kafka.Records;

/// <summary>
/// Decodes record batches v2 from a records field: checks each batch's length, magic and CRC-32C before reading
/// anything else, decompresses its records section, and reads the varint-encoded records (zig-zag lengths, -1 for
/// null keys, values and header values). Every inconsistency is a <see cref="RecordBatchException"/> carrying the
/// error code to answer; nothing reads past its input.
/// </summary>
public static class RecordBatchReader
{
    /// <summary>The default cap on a batch's decompressed records (the default maximum request size).</summary>
    public const int DefaultMaxRecordsSize = 100 * 1024 * 1024;

    /// <summary>
    /// Every batch in <paramref name="records"/>. A Produce request must hold whole batches; a Fetch response may
    /// end with a partial one (the broker cut it at the byte limit), skipped when <paramref name="allowPartialTail"/>.
    /// </summary>
    public static List<RecordBatch> ReadAll(ReadOnlyMemory<byte> records, bool allowPartialTail = false, int maxRecordsSize = DefaultMaxRecordsSize)
    {
        var batches = new List<RecordBatch>();
        while (records.Length > 0)
        {
            var size = SizeOf(records.Span);
            if (size > records.Length)
            {
                if (allowPartialTail) break;
                throw Corrupt($"a batch of {size} bytes is cut off after {records.Length}");
            }

            batches.Add(Read(records[..size], maxRecordsSize));
            records = records[size..];
        }

        return batches;
    }

    /// <summary>The one batch that is exactly <paramref name="batch"/>.</summary>
    public static RecordBatch Read(ReadOnlyMemory<byte> batch, int maxRecordsSize = DefaultMaxRecordsSize)
    {
        var span = batch.Span;
        if (SizeOf(span) != batch.Length) throw Corrupt($"the batch length says {SizeOf(span)} bytes, the batch has {batch.Length}");
        var magic = (sbyte)span[16];
        if (magic != 2)
            throw new RecordBatchException(ErrorCode.UnsupportedForMessageFormat, $"message format magic {magic} is not supported (record batch v2 only)");
        var stored = BinaryPrimitives.ReadUInt32BigEndian(span[17..]);
        var computed = Crc32C.Compute(span[21..]);
        if (stored != computed) throw Corrupt($"the batch's CRC-32C is 0x{computed:x8} but it says 0x{stored:x8}");

        var header = new RecordBatch
        {
            BaseOffset = BinaryPrimitives.ReadInt64BigEndian(span),
            PartitionLeaderEpoch = BinaryPrimitives.ReadInt32BigEndian(span[12..]),
            Attributes = BinaryPrimitives.ReadInt16BigEndian(span[21..]),
            LastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(span[23..]),
            BaseTimestamp = BinaryPrimitives.ReadInt64BigEndian(span[27..]),
            MaxTimestamp = BinaryPrimitives.ReadInt64BigEndian(span[35..]),
            ProducerId = BinaryPrimitives.ReadInt64BigEndian(span[43..]),
            ProducerEpoch = BinaryPrimitives.ReadInt16BigEndian(span[51..]),
            BaseSequence = BinaryPrimitives.ReadInt32BigEndian(span[53..]),
        };
        var count = BinaryPrimitives.ReadInt32BigEndian(span[57..]);
        var section = batch[RecordBatch.HeaderSize..];
        if (header.Compression != CompressionType.None)
            section = RecordCompression.Decompress(header.Compression, section, maxRecordsSize);
        if (count < 0 || count > section.Length) throw Corrupt($"a record count of {count} in {section.Length} bytes");
        var cursor = new RecordCursor(section);
        var records = new KafkaRecord[count];
        try
        {
            for (var i = 0; i < count; i++) records[i] = cursor.ReadRecord(header.BaseOffset, header.BaseTimestamp);
        }
        catch (KafkaProtocolException ex)
        {
            throw Corrupt($"a record is malformed: {ex.Message}");
        }

        if (!cursor.AtEnd) throw Corrupt($"{section.Length - cursor.Position} bytes follow the batch's {count} records");
        return header with { Records = records };
    }

    /// <summary>A batch's whole size from its first 12 bytes (base offset, then the length of the rest).</summary>
    private static int SizeOf(ReadOnlySpan<byte> span)
    {
        if (span.Length < 12) throw Corrupt($"a batch header is cut off after {span.Length} bytes");
        var length = BinaryPrimitives.ReadInt32BigEndian(span[8..]);
        if (length < RecordBatch.HeaderSize - 12 || length > int.MaxValue - 12) throw Corrupt($"a batch length of {length} bytes");
        return 12 + length;
    }

    internal static RecordBatchException Corrupt(string message) => new(ErrorCode.CorruptMessage, message);
}
