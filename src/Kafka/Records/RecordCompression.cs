using System.IO.Compression;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;
using ZstdSharp;

namespace Actors.Kafka.Records;

/// <summary>
/// The codecs of a batch's records section, as Kafka clients write them: gzip (BCL), snappy (Snappier, in the
/// xerial framing Java clients use or raw as librdkafka writes it, see <see cref="XerialSnappy"/>), LZ4 in the LZ4
/// frame format with independent blocks (K4os; Kafka's Java decoder refuses dependent blocks), and zstd
/// (ZstdSharp, streaming, since producers write frames without a content size). Decompression stops at a size
/// limit, so a small hostile batch cannot inflate into unbounded memory.
/// </summary>
public static class RecordCompression
{
    private static readonly LZ4EncoderSettings Lz4Settings = new()
    {
        ChainBlocks = false,
        BlockSize = 64 * 1024,
        ContentChecksum = false,
        BlockChecksum = false,
        CompressionLevel = LZ4Level.L00_FAST,
    };

    /// <summary>The records section of <paramref name="compressed"/> decompressed, at most <paramref name="maxSize"/> bytes.</summary>
    public static byte[] Decompress(CompressionType type, ReadOnlyMemory<byte> compressed, int maxSize)
    {
        try
        {
            return type switch
            {
                CompressionType.Gzip => Drain(new GZipStream(AsStream(compressed), CompressionMode.Decompress), maxSize),
                CompressionType.Snappy => XerialSnappy.Decompress(compressed.Span, maxSize),
                CompressionType.Lz4 => Drain(LZ4Stream.Decode(AsStream(compressed)), maxSize),
                CompressionType.Zstd => Drain(new DecompressionStream(AsStream(compressed)), maxSize),
                _ => throw new RecordBatchException(ErrorCode.UnsupportedCompressionType, $"compression type {(int)type} is unknown"),
            };
        }
        catch (Exception ex) when (ex is not RecordBatchException and not OutOfMemoryException)
        {
            // Decoders throw what they like on hostile input (IndexOutOfRange included): all of it is a corrupt batch.
            throw new RecordBatchException(ErrorCode.CorruptMessage, $"the {type} records do not decompress: {ex.Message}");
        }
    }

    /// <summary>Compresses <paramref name="records"/> into <paramref name="output"/>.</summary>
    public static void Compress(CompressionType type, ReadOnlySpan<byte> records, IBufferWriter<byte> output)
    {
        switch (type)
        {
            case CompressionType.None:
                output.Write(records);
                break;
            case CompressionType.Gzip:
                using (var gzip = new GZipStream(new BufferWriterStream(output), CompressionLevel.Fastest)) gzip.Write(records);
                break;
            case CompressionType.Snappy:
                XerialSnappy.Compress(records, output);
                break;
            case CompressionType.Lz4:
                LZ4Frame.Encode(records, output, Lz4Settings);
                break;
            case CompressionType.Zstd:
                using (var compressor = new Compressor()) output.Write(compressor.Wrap(records));
                break;
            default:
                throw new RecordBatchException(ErrorCode.UnsupportedCompressionType, $"compression type {(int)type} is unknown");
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private static byte[] Drain(Stream decoder, int maxSize)
    {
        using (decoder)
        {
            var output = new ArrayBufferWriter<byte>();
            while (true)
            {
                var read = decoder.Read(output.GetSpan(64 * 1024));
                if (read == 0) return output.WrittenSpan.ToArray();
                output.Advance(read);
                if (output.WrittenCount > maxSize)
                    throw new RecordBatchException(ErrorCode.RecordListTooLarge, $"the records decompress to more than {maxSize} bytes");
            }
        }
    }
}
