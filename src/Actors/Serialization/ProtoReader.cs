namespace Actors.Serialization;

/// <summary>
/// Reads a protobuf-encoded message in place: the constructor checks every field once (a malformed message throws
/// <see cref="InvalidDataException"/> there), and each typed look-up by tag number walks the fields on from where the
/// last one stopped, so reading allocates nothing but the readers themselves (and what Bytes/Blob/strings return).
/// Unknown fields are skipped, and missing ones read as protobuf defaults, so old journal events stay readable as
/// messages gain fields. Public so that the other Actors assemblies' serializers read the same format.
/// </summary>
/// <remarks>
/// A look-up starts where the last one found its field and goes round to it: codecs read fields in the order they
/// wrote them, so reading a message walks its fields about once rather than once per field (that walk was a tenth of
/// the node's CPU decoding publish batches, with perf). A field written more than once (only repeated fields, read
/// with <see cref="Each"/>) is the one nearest after the last look-up. It used to index the fields in a list per
/// reader: under the native publish benchmark those lists were a fifth of everything the node allocated (the index of a
/// 1,000-message batch grew by copying, and every message's reader had its own), sampled with GC allocation events.
/// </remarks>
public sealed class ProtoReader
{
    private static readonly IReadOnlyDictionary<string, string> NoStrings = new Dictionary<string, string>();

    /// <summary>A field as walked: its number, a varint's value, or where a length-delimited one's bytes lie (Length -1: a varint; -2: fixed-size, never answered).</summary>
    private readonly record struct Field(int Number, long Varint, int Offset, int Length);

    private static readonly ProtoReader Empty = new([]);
    private readonly byte[] _buffer;
    private readonly int _start;
    private readonly int _end;
    private int _cursor;

    public ProtoReader(byte[] bytes) : this(bytes, 0, bytes.Length)
    {
    }

    /// <summary>A reader of <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
    public ProtoReader(byte[] buffer, int offset, int length)
    {
        if ((uint)offset > (uint)buffer.Length || (uint)length > (uint)(buffer.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(length), $"{length} bytes from {offset} are not within a buffer of {buffer.Length}");
        _buffer = buffer;
        _start = offset;
        _end = offset + length;
        _cursor = _start;
        var position = _start;
        while (position < _end) Next(ref position);
    }

    public long I64(int field) => Seek(field, varint: true) is { Length: -1 } f ? f.Varint : 0;

    public int I32(int field) => (int)I64(field);

    public bool Bool(int field) => I64(field) != 0;

    /// <summary>A copy of the field's bytes, or null when it is missing.</summary>
    public byte[]? Blob(int field) => Find(field) is var (offset, length) && length >= 0 ? _buffer.AsSpan(offset, length).ToArray() : null;

    public string? OptStr(int field) => Find(field) is var (offset, length) && length >= 0 ? System.Text.Encoding.UTF8.GetString(_buffer, offset, length) : null;

    public string Str(int field) => OptStr(field) ?? "";

    public byte[] Bytes(int field) => Blob(field) ?? [];

    public ProtoReader Msg(int field) => OptMsg(field) ?? Empty;

    /// <summary>The nested message, read in place; null when it is absent (an empty one is present).</summary>
    public ProtoReader? OptMsg(int field) => Find(field) is var (offset, length) && length >= 0 ? new ProtoReader(_buffer, offset, length) : null;

    /// <summary>
    /// The repeated message field's elements, in order: a list, so that <c>Each(n).Select(read).ToList()</c> builds
    /// its result at its final size (over a lazy sequence, LINQ grew and copied it: a tenth of the CPU of
    /// <c>actors consume</c>, reading deliveries a thousand at a time).
    /// </summary>
    public IReadOnlyList<ProtoReader> Each(int field)
    {
        var count = 0;
        for (var position = _start; position < _end;)
            if (Next(ref position) is { Length: >= 0 } f && f.Number == field) count++;
        if (count == 0) return [];
        var elements = new List<ProtoReader>(count);
        for (var position = _start; position < _end;)
            if (Next(ref position) is { Length: >= 0 } f && f.Number == field) elements.Add(new ProtoReader(_buffer, f.Offset, f.Length));
        return elements;
    }

    /// <summary>The map's entries; an empty map is one shared instance (most messages have no headers).</summary>
    public IReadOnlyDictionary<string, string> StringMap(int field) =>
        Each(field) is { Count: > 0 } entries ? entries.ToDictionary(r => r.Str(1), r => r.Str(2)) : NoStrings;

    public IReadOnlyDictionary<string, long> LongMap(int field) =>
        Each(field).ToDictionary(r => r.Str(1), r => r.I64(2));

    private (int Offset, int Length) Find(int field) => Seek(field, varint: false) is { Length: >= 0 } f ? (f.Offset, f.Length) : (0, -1);

    /// <summary>
    /// The field <paramref name="field"/> (a varint, or length-delimited), looking from where the last look-up stopped
    /// round to it again; Length -2 when it is missing.
    /// </summary>
    private Field Seek(int field, bool varint)
    {
        var position = _cursor;
        var wrapped = _cursor == _start;
        while (true)
        {
            if (position >= _end)
            {
                if (wrapped) return new Field(field, 0, 0, -2);
                wrapped = true;
                position = _start;
            }

            if (wrapped && _cursor != _start && position >= _cursor) return new Field(field, 0, 0, -2);
            var f = Next(ref position);
            if (f.Number == field && (varint ? f.Length == -1 : f.Length >= 0))
            {
                _cursor = position;
                return f;
            }
        }
    }

    /// <summary>The field at <paramref name="position"/>, moving past it; throws on a malformed one.</summary>
    private Field Next(ref int position)
    {
        var tag = Varint(_buffer, ref position, _end);
        var field = (int)(tag >> 3);
        if (field <= 0) throw new InvalidDataException($"field number {tag >> 3} is not valid");
        switch ((int)(tag & 7))
        {
            case 0: // varint
                return new Field(field, (long)Varint(_buffer, ref position, _end), 0, -1);
            case 1: // 64-bit
                position = Skip(position, 8, _end);
                return new Field(field, 0, 0, -2);
            case 2: // length-delimited: where its bytes lie
                var size = Varint(_buffer, ref position, _end);
                if (size > (ulong)(_end - position)) throw new InvalidDataException("a length-delimited field runs past the end");
                var offset = position;
                position += (int)size;
                return new Field(field, 0, offset, (int)size);
            case 5: // 32-bit
                position = Skip(position, 4, _end);
                return new Field(field, 0, 0, -2);
            default:
                throw new InvalidDataException($"wire type {tag & 7} is not supported");
        }
    }

    /// <summary>A varint at <paramref name="position"/> (at most 10 bytes, before <paramref name="end"/>), moving past it.</summary>
    private static ulong Varint(byte[] buffer, ref int position, int end)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= end) throw new InvalidDataException("a varint runs past the end");
            var b = buffer[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }

        throw new InvalidDataException("a varint is longer than 10 bytes");
    }

    private static int Skip(int position, int count, int end) =>
        count <= end - position ? position + count : throw new InvalidDataException("a fixed-size field runs past the end");
}
