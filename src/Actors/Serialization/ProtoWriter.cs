using Google.Protobuf;

namespace Actors.Serialization;

/// <summary>
/// Writes protobuf-encoded fields (tag numbers, varints, length-delimited bytes) fluently, so each wire
/// message's encoding is one line in its feature's codecs (<see cref="Codec"/>). Default values are omitted, as protobuf does.
/// Public so that the other Actors assemblies' serializers (Actors.Streams') write the same wire format.
/// </summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _out;
    private ProtoWriter? _nested; // written into for every nested message at the next depth, then copied out

    public ProtoWriter() => _out = new CodedOutputStream(_buffer, leaveOpen: true);

    public byte[] ToArray()
    {
        _out.Flush();
        return _buffer.ToArray();
    }

    public ProtoWriter I64(int field, long value)
    {
        if (value == 0) return this;
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteInt64(value);
        return this;
    }

    public ProtoWriter Bool(int field, bool value) => I64(field, value ? 1 : 0);

    public ProtoWriter Str(int field, string? value)
    {
        if (value is null) return this;
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteString(value);
        return this;
    }

    public ProtoWriter Bytes(int field, byte[] value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
        return this;
    }

    public ProtoWriter Msg(int field, Action<ProtoWriter> write)
    {
        var nested = _nested ??= new ProtoWriter();
        nested._out.Flush();
        nested._buffer.SetLength(0);
        write(nested);
        nested._out.Flush();
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteBytes(UnsafeByteOperations.UnsafeWrap(new ReadOnlyMemory<byte>(nested._buffer.GetBuffer(), 0, (int)nested._buffer.Length)));
        return this;
    }

    public ProtoWriter Each<T>(int field, IEnumerable<T> items, Action<ProtoWriter, T> write)
    {
        foreach (var item in items) Msg(field, w => write(w, item));
        return this;
    }

    public ProtoWriter Map(int field, IEnumerable<KeyValuePair<string, string>> entries) =>
        Each(field, entries, (w, kv) => w.Str(1, kv.Key).Str(2, kv.Value));

    public ProtoWriter Map(int field, IEnumerable<KeyValuePair<string, long>> entries) =>
        Each(field, entries, (w, kv) => w.Str(1, kv.Key).I64(2, kv.Value));
}
