using Snappier;

namespace Actors.Kafka.Records;

/// <summary>
/// Snappy as Kafka clients send it. Java clients (snappy-java) and kafka-python write the xerial framing: an
/// 8-byte magic (<c>0x82 SNAPPY 0x00</c>), two int32 versions, then blocks of a big-endian int32 length and a raw
/// snappy block; librdkafka writes one raw snappy block. Both are read (the magic tells them apart); the xerial
/// framing is written, which every client reads (snappy-java falls back to raw only when decoding).
/// </summary>
public static class XerialSnappy
{
    private static ReadOnlySpan<byte> Magic => [0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0];

    private const int HeaderSize = 16;
    private const int BlockSize = 32 * 1024;

    public static byte[] Decompress(ReadOnlySpan<byte> input, int maxSize)
    {
        if (!input.StartsWith(Magic)) return Raw(input, maxSize);
        if (input.Length < HeaderSize) throw new RecordBatchException(ErrorCode.CorruptMessage, "a xerial snappy header is cut off");
        var output = new ArrayBufferWriter<byte>();
        var rest = input[HeaderSize..];
        while (rest.Length > 0)
        {
            if (rest.Length < 4) throw new RecordBatchException(ErrorCode.CorruptMessage, "a xerial snappy block length is cut off");
            var length = BinaryPrimitives.ReadInt32BigEndian(rest);
            if (length < 0 || length > rest.Length - 4)
                throw new RecordBatchException(ErrorCode.CorruptMessage, $"a xerial snappy block of {length} bytes overruns its input");
            output.Write(Raw(rest.Slice(4, length), maxSize - output.WrittenCount));
            rest = rest[(4 + length)..];
        }

        return output.WrittenSpan.ToArray();
    }

    public static void Compress(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        var header = output.GetSpan(HeaderSize);
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], 1);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], 1);
        output.Advance(HeaderSize);
        while (input.Length > 0)
        {
            var block = input[..Math.Min(BlockSize, input.Length)];
            var span = output.GetSpan(4 + Snappy.GetMaxCompressedLength(block.Length));
            var written = Snappy.Compress(block, span[4..]);
            BinaryPrimitives.WriteInt32BigEndian(span, written);
            output.Advance(4 + written);
            input = input[block.Length..];
        }
    }

    private static byte[] Raw(ReadOnlySpan<byte> block, int maxSize)
    {
        var length = Snappy.GetUncompressedLength(block);
        if (length > maxSize) throw new RecordBatchException(ErrorCode.RecordListTooLarge, $"the records decompress to more than the limit");
        var output = new byte[length];
        Snappy.Decompress(block, output);
        return output;
    }
}
