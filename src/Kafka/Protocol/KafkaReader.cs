namespace Actors.Kafka.Protocol;

/// <summary>
/// The reading <see cref="KafkaCodec"/>: big-endian fields out of one request's bytes. Byte fields (records,
/// group metadata) are slices of the input, not copies, so a Produce request's batches are read without
/// allocating; the input must stay alive while the message is used. Any length that points past the end throws
/// <see cref="KafkaProtocolException"/>.
/// </summary>
public sealed class KafkaReader(ReadOnlyMemory<byte> input) : KafkaCodec
{
    private int _position;

    /// <summary>Where the next field starts.</summary>
    public int Position => _position;

    /// <summary>The bytes not yet read.</summary>
    public ReadOnlyMemory<byte> Rest => input[_position..];

    /// <summary>Bytes not yet read.</summary>
    public int Remaining => input.Length - _position;

    public override bool IsReading => true;

    public override sbyte Int8(sbyte value) => (sbyte)Take(1)[0];
    public override short Int16(short value) => BinaryPrimitives.ReadInt16BigEndian(Take(2));
    public override int Int32(int value) => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public override long Int64(long value) => BinaryPrimitives.ReadInt64BigEndian(Take(8));
    public override bool Bool(bool value) => Take(1)[0] != 0;
    public override Guid Uuid(Guid value) => new(Take(16), bigEndian: true);

    /// <summary>An unsigned varint, as flexible versions write lengths and tags.</summary>
    public uint UnsignedVarint()
    {
        var value = Varint.ReadUnsigned(input.Span[_position..], out var length);
        _position += length;
        return value;
    }

    public override string String(string value) =>
        NullableString(value) ?? throw new KafkaProtocolException("a non-nullable string is null");

    public override string? NullableString(string? value)
    {
        var length = Flexible ? (int)UnsignedVarint() - 1 : Int16(0);
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    public override ReadOnlyMemory<byte> Bytes(ReadOnlyMemory<byte> value) =>
        NullableBytes(value) ?? throw new KafkaProtocolException("a non-nullable bytes field is null");

    public override ReadOnlyMemory<byte>? NullableBytes(ReadOnlyMemory<byte>? value)
    {
        var length = Flexible ? (long)UnsignedVarint() - 1 : Int32(0);
        if (length < 0) return null;
        Check((int)Math.Min(length, int.MaxValue));
        var slice = input.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    public override void TaggedFields()
    {
        if (!Flexible) return;
        var count = UnsignedVarint();
        for (var i = 0; i < count; i++)
        {
            UnsignedVarint();
            var size = UnsignedVarint();
            Take(checked((int)Math.Min(size, int.MaxValue)));
        }
    }

    protected override int ArrayLength(int? count)
    {
        var length = Flexible ? (long)UnsignedVarint() - 1 : Int32(0);
        // Every element takes at least one byte: a longer count is a lie that would allocate without bound.
        if (length > Remaining) throw new KafkaProtocolException($"an array of {length} elements in {Remaining} bytes");
        return (int)Math.Max(length, -1);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        Check(count);
        var span = input.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    private void Check(int count)
    {
        if (count < 0 || count > Remaining)
            throw new KafkaProtocolException($"truncated: {count} bytes needed at offset {_position}, {Remaining} left");
    }
}
