namespace Actors.Kafka.Records;

/// <summary>
/// Reads the records of a batch's (decompressed) records section: each is a zig-zag varint length and then
/// attributes, timestamp and offset deltas, key, value and headers, which must fill exactly that length.
/// </summary>
internal struct RecordCursor(ReadOnlyMemory<byte> section)
{
    private int _position;

    public readonly int Position => _position;

    public readonly bool AtEnd => _position == section.Length;

    public KafkaRecord ReadRecord(long baseOffset, long baseTimestamp)
    {
        var length = Signed();
        if (length < 0 || length > section.Length - _position) throw RecordBatchReader.Corrupt($"a record of {length} bytes overruns its batch");
        var end = _position + length;
        if (length < 1) throw RecordBatchReader.Corrupt("an empty record");
        var attributes = (sbyte)section.Span[_position++];
        var timestampDelta = Signed64();
        var offsetDelta = Signed();
        var key = Bytes();
        var value = Bytes();
        var headerCount = Signed();
        if (headerCount < 0 || headerCount > end - _position) throw RecordBatchReader.Corrupt($"a header count of {headerCount}");
        RecordHeader[] headers = headerCount == 0 ? [] : new RecordHeader[headerCount];
        for (var i = 0; i < headerCount; i++)
        {
            var name = Bytes() ?? throw RecordBatchReader.Corrupt("a record header without a key");
            headers[i] = new RecordHeader(Encoding.UTF8.GetString(name.Span), Bytes());
        }

        if (_position != end) throw RecordBatchReader.Corrupt($"a record's fields do not fill its {length} bytes");
        return new KafkaRecord(baseOffset + offsetDelta, baseTimestamp + timestampDelta, key, value, headers) { Attributes = attributes };
    }

    private ReadOnlyMemory<byte>? Bytes()
    {
        var length = Signed();
        if (length < 0) return null;
        if (length > section.Length - _position) throw RecordBatchReader.Corrupt($"a field of {length} bytes overruns its record");
        var slice = section.Slice(_position, length);
        _position += length;
        return slice;
    }

    private int Signed()
    {
        var value = Varint.ReadSigned(section.Span[_position..], out var used);
        _position += used;
        return value;
    }

    private long Signed64()
    {
        var value = Varint.ReadSigned64(section.Span[_position..], out var used);
        _position += used;
        return value;
    }
}
