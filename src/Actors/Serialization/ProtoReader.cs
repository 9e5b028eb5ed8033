using Google.Protobuf;

namespace Actors.Serialization;

/// <summary>
/// Reads a protobuf-encoded message into its fields once, then answers typed look-ups by tag number.
/// Unknown fields are kept but ignored, and missing ones read as protobuf defaults, so old journal
/// events stay readable as messages gain fields. Public so that the other Actors assemblies' serializers read the same format.
/// </summary>
public sealed class ProtoReader
{
    private readonly List<(int Field, long Varint, byte[]? Blob)> _fields = [];

    public ProtoReader(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    _fields.Add((field, input.ReadInt64(), null));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    _fields.Add((field, 0, input.ReadBytes().ToByteArray()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
    }

    public long I64(int field)
    {
        foreach (var f in _fields) if (f.Field == field) return f.Varint;
        return 0;
    }

    public int I32(int field) => (int)I64(field);

    public bool Bool(int field) => I64(field) != 0;

    public byte[]? Blob(int field)
    {
        foreach (var f in _fields) if (f.Field == field) return f.Blob;
        return null;
    }

    public string? OptStr(int field) => Blob(field) is { } b ? System.Text.Encoding.UTF8.GetString(b) : null;

    public string Str(int field) => OptStr(field) ?? "";

    public byte[] Bytes(int field) => Blob(field) ?? [];

    public ProtoReader Msg(int field) => new(Bytes(field));

    public IEnumerable<ProtoReader> Each(int field) =>
        _fields.Where(f => f.Field == field && f.Blob is not null).Select(f => new ProtoReader(f.Blob!));

    public IReadOnlyDictionary<string, string> StringMap(int field) =>
        Each(field).ToDictionary(r => r.Str(1), r => r.Str(2));

    public IReadOnlyDictionary<string, long> LongMap(int field) =>
        Each(field).ToDictionary(r => r.Str(1), r => r.I64(2));
}
