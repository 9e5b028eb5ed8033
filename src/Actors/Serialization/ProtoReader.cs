namespace Actors.Serialization;

/// <summary>
/// Reads a protobuf-encoded message into its fields once, then answers typed look-ups by tag number.
/// Unknown fields are kept but ignored, and missing ones read as protobuf defaults, so old journal
/// events stay readable as messages gain fields. Public so that the other Actors assemblies' serializers read the same format.
/// </summary>
public sealed class ProtoReader
{
    // Every field as read: a varint's value, or where a length-delimited one's bytes lie in the buffer (Length -1:
    // a varint). Nested messages and strings are read from the buffer in place; only Bytes/Blob copy.
    private readonly byte[] _buffer;
    private readonly List<(int Field, long Varint, int Offset, int Length)> _fields = new(8);

    public ProtoReader(byte[] bytes) : this(bytes, 0, bytes.Length)
    {
    }

    private ProtoReader(byte[] buffer, int offset, int length)
    {
        _buffer = buffer;
        var position = offset;
        var end = offset + length;
        while (position < end)
        {
            var tag = Varint(buffer, ref position, end);
            var field = (int)(tag >> 3);
            if (field <= 0) throw new InvalidDataException($"field number {tag >> 3} is not valid");
            switch ((int)(tag & 7))
            {
                case 0: // varint
                    _fields.Add((field, (long)Varint(buffer, ref position, end), 0, -1));
                    break;
                case 1: // 64-bit
                    position = Skip(position, 8, end);
                    break;
                case 2: // length-delimited: where its bytes lie
                    var size = Varint(buffer, ref position, end);
                    if (size > (ulong)(end - position)) throw new InvalidDataException("a length-delimited field runs past the end");
                    _fields.Add((field, 0, position, (int)size));
                    position += (int)size;
                    break;
                case 5: // 32-bit
                    position = Skip(position, 4, end);
                    break;
                default:
                    throw new InvalidDataException($"wire type {tag & 7} is not supported");
            }
        }
    }

    public long I64(int field)
    {
        foreach (var f in _fields) if (f.Field == field && f.Length < 0) return f.Varint;
        return 0;
    }

    public int I32(int field) => (int)I64(field);

    public bool Bool(int field) => I64(field) != 0;

    /// <summary>A copy of the field's bytes, or null when it is missing.</summary>
    public byte[]? Blob(int field) => Find(field) is var (offset, length) && length >= 0 ? _buffer.AsSpan(offset, length).ToArray() : null;

    public string? OptStr(int field) => Find(field) is var (offset, length) && length >= 0 ? System.Text.Encoding.UTF8.GetString(_buffer, offset, length) : null;

    public string Str(int field) => OptStr(field) ?? "";

    public byte[] Bytes(int field) => Blob(field) ?? [];

    public ProtoReader Msg(int field) => Find(field) is var (offset, length) && length >= 0 ? new ProtoReader(_buffer, offset, length) : new ProtoReader([]);

    /// <summary>
    /// The repeated message field's elements, in order: a list, so that <c>Each(n).Select(read).ToList()</c> builds
    /// its result at its final size (over a lazy sequence, LINQ grew and copied it: a tenth of the CPU of
    /// <c>actors consume</c>, reading deliveries a thousand at a time).
    /// </summary>
    public IReadOnlyList<ProtoReader> Each(int field)
    {
        var count = 0;
        foreach (var f in _fields) if (f.Field == field && f.Length >= 0) count++;
        var elements = new List<ProtoReader>(count);
        foreach (var f in _fields) if (f.Field == field && f.Length >= 0) elements.Add(new ProtoReader(_buffer, f.Offset, f.Length));
        return elements;
    }

    public IReadOnlyDictionary<string, string> StringMap(int field) =>
        Each(field).ToDictionary(r => r.Str(1), r => r.Str(2));

    public IReadOnlyDictionary<string, long> LongMap(int field) =>
        Each(field).ToDictionary(r => r.Str(1), r => r.I64(2));

    private (int Offset, int Length) Find(int field)
    {
        foreach (var f in _fields) if (f.Field == field && f.Length >= 0) return (f.Offset, f.Length);
        return (0, -1);
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
