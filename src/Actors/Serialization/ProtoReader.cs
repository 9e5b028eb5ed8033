using Google.Protobuf;

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
    private readonly List<(int Field, long Varint, int Offset, int Length)> _fields = [];

    public ProtoReader(byte[] bytes) : this(bytes, 0, bytes.Length)
    {
    }

    private ProtoReader(byte[] buffer, int offset, int length)
    {
        _buffer = buffer;
        var input = new CodedInputStream(buffer, offset, length);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    _fields.Add((field, input.ReadInt64(), 0, -1));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    // Position counts from the buffer's start; skipping the field passes its length prefix and its bytes.
                    var before = (int)input.Position;
                    var size = LengthAt(buffer, before);
                    input.SkipLastField();
                    _fields.Add((field, 0, (int)input.Position - size, size));
                    break;
                default:
                    input.SkipLastField();
                    break;
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

    public IEnumerable<ProtoReader> Each(int field) =>
        _fields.Where(f => f.Field == field && f.Length >= 0).Select(f => new ProtoReader(_buffer, f.Offset, f.Length));

    public IReadOnlyDictionary<string, string> StringMap(int field) =>
        Each(field).ToDictionary(r => r.Str(1), r => r.Str(2));

    public IReadOnlyDictionary<string, long> LongMap(int field) =>
        Each(field).ToDictionary(r => r.Str(1), r => r.I64(2));

    private (int Offset, int Length) Find(int field)
    {
        foreach (var f in _fields) if (f.Field == field && f.Length >= 0) return (f.Offset, f.Length);
        return (0, -1);
    }

    /// <summary>The length prefix (a varint) of a length-delimited field at <paramref name="position"/>.</summary>
    private static int LengthAt(byte[] buffer, int position)
    {
        var length = 0;
        for (var shift = 0; shift < 35 && position < buffer.Length; shift += 7)
        {
            var b = buffer[position++];
            length |= (b & 0x7f) << shift;
            if (b < 0x80) return length;
        }

        throw new InvalidDataException("a length prefix runs past the end or is longer than 5 bytes");
    }
}
