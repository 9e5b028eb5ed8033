namespace Actors.Kafka.Records;

/// <summary>
/// Encodes record batches v2: the records as varints (offsets and timestamps as deltas from the batch's base),
/// compressed with the batch's codec, behind the 61-byte header whose CRC-32C covers everything from the
/// attributes on. Writing a batch that was read gives back the same bytes when it is uncompressed.
/// </summary>
public static class RecordBatchWriter
{
    /// <summary>Appends <paramref name="batch"/> to <paramref name="output"/>.</summary>
    public static void Write(RecordBatch batch, IBufferWriter<byte> output)
    {
        var plain = new ArrayBufferWriter<byte>();
        foreach (var record in batch.Records) WriteRecord(record, batch.BaseOffset, batch.BaseTimestamp, plain);
        var section = plain;
        if (batch.Compression != CompressionType.None)
        {
            section = new ArrayBufferWriter<byte>();
            RecordCompression.Compress(batch.Compression, plain.WrittenSpan, section);
        }

        Span<byte> header = stackalloc byte[RecordBatch.HeaderSize];
        BinaryPrimitives.WriteInt64BigEndian(header, batch.BaseOffset);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], RecordBatch.HeaderSize - 12 + section.WrittenCount);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], batch.PartitionLeaderEpoch);
        header[16] = 2;
        BinaryPrimitives.WriteInt16BigEndian(header[21..], batch.Attributes);
        BinaryPrimitives.WriteInt32BigEndian(header[23..], batch.LastOffsetDelta);
        BinaryPrimitives.WriteInt64BigEndian(header[27..], batch.BaseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(header[35..], batch.MaxTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(header[43..], batch.ProducerId);
        BinaryPrimitives.WriteInt16BigEndian(header[51..], batch.ProducerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(header[53..], batch.BaseSequence);
        BinaryPrimitives.WriteInt32BigEndian(header[57..], batch.Records.Count);
        BinaryPrimitives.WriteUInt32BigEndian(header[17..], Crc32C.Compute(header[21..], section.WrittenSpan));
        output.Write(header);
        output.Write(section.WrittenSpan);
    }

    /// <summary>The bytes of <paramref name="batch"/>.</summary>
    public static byte[] ToBytes(RecordBatch batch)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(batch, output);
        return output.WrittenSpan.ToArray();
    }

    private static void WriteRecord(KafkaRecord record, long baseOffset, long baseTimestamp, IBufferWriter<byte> output)
    {
        var timestampDelta = record.Timestamp - baseTimestamp;
        var offsetDelta = checked((int)(record.Offset - baseOffset));
        var size = 1 + Varint.SizeOfSigned(timestampDelta) + Varint.SizeOfSigned(offsetDelta)
                   + SizeOf(record.Key) + SizeOf(record.Value) + Varint.SizeOfSigned(record.Headers.Count);
        foreach (var header in record.Headers) size += SizeOf(Encoding.UTF8.GetByteCount(header.Key)) + SizeOf(header.Value);

        var span = output.GetSpan(Varint.SizeOfSigned(size) + size);
        var at = Varint.WriteSigned(span, size);
        span[at++] = (byte)record.Attributes;
        at += Varint.WriteSigned64(span[at..], timestampDelta);
        at += Varint.WriteSigned(span[at..], offsetDelta);
        at += WriteBytes(span[at..], record.Key);
        at += WriteBytes(span[at..], record.Value);
        at += Varint.WriteSigned(span[at..], record.Headers.Count);
        foreach (var header in record.Headers)
        {
            var keyLength = Encoding.UTF8.GetByteCount(header.Key);
            at += Varint.WriteSigned(span[at..], keyLength);
            at += Encoding.UTF8.GetBytes(header.Key, span[at..]);
            at += WriteBytes(span[at..], header.Value);
        }

        output.Advance(at);
    }

    private static int SizeOf(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? SizeOf(b.Length) : Varint.SizeOfSigned(-1);

    private static int SizeOf(int length) => Varint.SizeOfSigned(length) + length;

    private static int WriteBytes(Span<byte> span, ReadOnlyMemory<byte>? bytes)
    {
        if (bytes is not { } b) return Varint.WriteSigned(span, -1);
        var at = Varint.WriteSigned(span, b.Length);
        b.Span.CopyTo(span[at..]);
        return at + b.Length;
    }
}
