namespace Actors.Kafka.Protocol;

/// <summary>
/// Kafka's variable-length integers over spans: unsigned (LEB128, for compact lengths and tags) and signed with
/// zig-zag (for record fields), as protobuf encodes them. Each read returns how many bytes it used and refuses
/// an encoding longer than the type (a corrupt or hostile frame), so a reader never runs past its input.
/// </summary>
public static class Varint
{
    /// <summary>The most bytes an unsigned 32-bit varint takes.</summary>
    public const int MaxLength32 = 5;

    /// <summary>The most bytes a 64-bit varint takes.</summary>
    public const int MaxLength64 = 10;

    public static uint ReadUnsigned(ReadOnlySpan<byte> source, out int length)
    {
        var value = ReadUnsigned64(source, MaxLength32, out length);
        if (value > uint.MaxValue) throw new KafkaProtocolException("a varint overflows 32 bits");
        return (uint)value;
    }

    public static int ReadSigned(ReadOnlySpan<byte> source, out int length)
    {
        var raw = ReadUnsigned(source, out length);
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    public static long ReadSigned64(ReadOnlySpan<byte> source, out int length)
    {
        var raw = ReadUnsigned64(source, MaxLength64, out length);
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public static int WriteUnsigned(Span<byte> destination, uint value) => WriteUnsigned64(destination, value);

    public static int WriteSigned(Span<byte> destination, int value) =>
        WriteUnsigned64(destination, (uint)((value << 1) ^ (value >> 31)));

    public static int WriteSigned64(Span<byte> destination, long value) =>
        WriteUnsigned64(destination, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>How many bytes <see cref="WriteUnsigned64"/> takes for <paramref name="value"/>.</summary>
    public static int SizeOf(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int SizeOfSigned(long value) => SizeOf((ulong)((value << 1) ^ (value >> 63)));

    private static ulong ReadUnsigned64(ReadOnlySpan<byte> source, int maxLength, out int length)
    {
        ulong value = 0;
        for (var i = 0; i < maxLength; i++)
        {
            if (i >= source.Length) throw new KafkaProtocolException("a varint is cut off");
            var b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                length = i + 1;
                return value;
            }
        }

        throw new KafkaProtocolException($"a varint is longer than {maxLength} bytes");
    }

    private static int WriteUnsigned64(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }
}
