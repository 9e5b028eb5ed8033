using Google.Protobuf;

namespace Actors.Serialization;

/// <summary>
/// Writes protobuf-encoded fields (tag numbers, varints, length-delimited bytes) fluently, so each wire
/// message's encoding is one line in its feature's codecs (<see cref="Codec"/>). Default values are omitted, as protobuf does.
/// Public so that the other Actors assemblies' serializers (Actors.Streams') write the same wire format.
/// </summary>
public sealed class ProtoWriter
{
    /// <summary>A writer whose buffers (its own and its nested writers') grew past this is not kept for the next message.</summary>
    private const int KeptCapacity = 1024 * 1024;

    // One writer per thread, with its nested writers and their grown buffers, for the next message serialized there.
    // A partition's journal event of 500 messages is about 75 KB: a new writer grew its buffer through ten sizes and
    // copied it each time, which was a sixth of what the node allocated while publishing (dotnet-trace, gc-verbose).
    [ThreadStatic] private static ProtoWriter? t_kept;

    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _out;
    private ProtoWriter? _nested; // written into for every nested message at the next depth, then copied out

    public ProtoWriter() => _out = new CodedOutputStream(_buffer, leaveOpen: true);

    /// <summary>
    /// This thread's kept writer, empty, or a new one (also while the kept one is in use: a codec that serializes a
    /// nested object through another serializer writes it with a writer of its own). Give it back with <see cref="ToArrayAndReturn"/>.
    /// </summary>
    public static ProtoWriter Rent()
    {
        var kept = t_kept;
        if (kept is null) return new ProtoWriter();
        t_kept = null;
        return kept;
    }

    public byte[] ToArray() => ToArray(0);

    /// <summary>What was written, after <paramref name="headroom"/> bytes left for the caller (a frame's header).</summary>
    public byte[] ToArray(int headroom)
    {
        _out.Flush();
        var length = (int)_buffer.Length;
        var bytes = new byte[headroom + length];
        _buffer.GetBuffer().AsSpan(0, length).CopyTo(bytes.AsSpan(headroom));
        return bytes;
    }

    /// <summary>
    /// What was written (after <paramref name="headroom"/> bytes left for the caller); the writer, emptied, becomes this
    /// thread's kept one unless its buffers grew too large.
    /// </summary>
    public byte[] ToArrayAndReturn(int headroom = 0)
    {
        var bytes = ToArray(headroom);
        _buffer.SetLength(0);
        for (var writer = this; writer is not null; writer = writer._nested)
            if (writer._buffer.Capacity > KeptCapacity) return bytes;
        t_kept = this;
        return bytes;
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

    public ProtoWriter Msg(int field, Action<ProtoWriter> write) => Msg(field, write, static (w, write) => write(w));

    /// <summary>A nested message written by <paramref name="write"/> from <paramref name="item"/> (no closure per item).</summary>
    public ProtoWriter Msg<T>(int field, T item, Action<ProtoWriter, T> write)
    {
        var nested = _nested ??= new ProtoWriter();
        nested._out.Flush();
        nested._buffer.SetLength(0);
        write(nested, item);
        nested._out.Flush();
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteBytes(UnsafeByteOperations.UnsafeWrap(new ReadOnlyMemory<byte>(nested._buffer.GetBuffer(), 0, (int)nested._buffer.Length)));
        return this;
    }

    public ProtoWriter Each<T>(int field, IEnumerable<T> items, Action<ProtoWriter, T> write)
    {
        foreach (var item in items) Msg(field, item, write);
        return this;
    }

    public ProtoWriter Map(int field, IEnumerable<KeyValuePair<string, string>> entries) =>
        Each(field, entries, (w, kv) => w.Str(1, kv.Key).Str(2, kv.Value));

    public ProtoWriter Map(int field, IEnumerable<KeyValuePair<string, long>> entries) =>
        Each(field, entries, (w, kv) => w.Str(1, kv.Key).I64(2, kv.Value));
}
