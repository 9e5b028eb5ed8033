namespace Actors.Kafka.Protocol;

/// <summary>
/// The writing <see cref="KafkaCodec"/>: big-endian fields straight into an <see cref="IBufferWriter{T}"/> (the
/// connection's pipe, or an <see cref="ArrayBufferWriter{T}"/> in specs), with no intermediate buffers; strings are
/// encoded as UTF-8 in place.
/// </summary>
public sealed class KafkaWriter(IBufferWriter<byte> output) : KafkaCodec
{
    public override bool IsReading => false;

    public override sbyte Int8(sbyte value)
    {
        output.GetSpan(1)[0] = (byte)value;
        output.Advance(1);
        return value;
    }

    public override short Int16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
        return value;
    }

    public override int Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
        return value;
    }

    public override long Int64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(output.GetSpan(8), value);
        output.Advance(8);
        return value;
    }

    public override bool Bool(bool value)
    {
        Int8(value ? (sbyte)1 : (sbyte)0);
        return value;
    }

    public override Guid Uuid(Guid value)
    {
        value.TryWriteBytes(output.GetSpan(16), bigEndian: true, out _);
        output.Advance(16);
        return value;
    }

    /// <summary>An unsigned varint, as flexible versions write lengths and tags.</summary>
    public void UnsignedVarint(uint value) => output.Advance(Varint.WriteUnsigned(output.GetSpan(Varint.MaxLength32), value));

    public override string String(string value) => NullableString(value)!;

    public override string? NullableString(string? value)
    {
        if (value is null)
        {
            Length(-1, wide: false);
            return null;
        }

        var size = Encoding.UTF8.GetByteCount(value);
        if (!Flexible && size > short.MaxValue) throw new KafkaProtocolException($"a string of {size} bytes is too long");
        Length(size, wide: false);
        output.Advance(Encoding.UTF8.GetBytes(value, output.GetSpan(size)));
        return value;
    }

    public override ReadOnlyMemory<byte> Bytes(ReadOnlyMemory<byte> value) => NullableBytes(value)!.Value;

    public override ReadOnlyMemory<byte>? NullableBytes(ReadOnlyMemory<byte>? value)
    {
        if (value is not { } bytes)
        {
            Length(-1, wide: true);
            return null;
        }

        Length(bytes.Length, wide: true);
        output.Write(bytes.Span);
        return value;
    }

    public override void TaggedFields()
    {
        if (Flexible) UnsignedVarint(0);
    }

    protected override int ArrayLength(int? count)
    {
        Length(count ?? -1, wide: true);
        return count ?? -1;
    }

    /// <summary>A length prefix: compact (length + 1 as an unsigned varint) when flexible, else int16 or int32.</summary>
    private void Length(int length, bool wide)
    {
        if (Flexible) UnsignedVarint((uint)(length + 1));
        else if (wide) Int32(length);
        else Int16((short)length);
    }
}
