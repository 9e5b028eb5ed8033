using Actors.Kafka.Records;

namespace Actors.Kafka.Records;

/// <summary>
/// Batches that must be refused, each with the error code a Produce response gives: a wrong CRC, a legacy magic, a
/// length that lies, a record that overruns its batch (behind a correct CRC), an unknown codec, and a compressed
/// section that would inflate past the cap.
/// </summary>
public sealed class CorruptBatchSpecs
{
    [Fact]
    public void Should_refuse_a_batch_whose_crc_does_not_match()
    {
        var bytes = BatchVectors.Batch("none");
        bytes[^3] ^= 0x40;

        var refused = Assert.Throws<RecordBatchException>(() => RecordBatchReader.Read(bytes));

        Assert.Equal(ErrorCode.CorruptMessage, refused.Error);
        Assert.Contains("CRC-32C", refused.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Should_refuse_legacy_message_formats(byte magic)
    {
        var bytes = BatchVectors.Batch("none");
        bytes[16] = magic;

        var refused = Assert.Throws<RecordBatchException>(() => RecordBatchReader.Read(bytes));

        Assert.Equal(ErrorCode.UnsupportedForMessageFormat, refused.Error);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    [InlineData(int.MaxValue)]
    public void Should_refuse_a_batch_length_that_lies(int length)
    {
        var bytes = BatchVectors.Batch("none");
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), length);

        var refused = Assert.Throws<RecordBatchException>(() => RecordBatchReader.ReadAll(bytes));

        Assert.Equal(ErrorCode.CorruptMessage, refused.Error);
    }

    [Fact]
    public void Should_refuse_a_record_that_overruns_its_batch_even_with_a_correct_crc()
    {
        var bytes = BatchVectors.Batch("none");
        bytes[RecordBatch.HeaderSize] = 0x7e; // the first record's length: 63 bytes, more than it has
        BatchBytes.FixCrc(bytes);

        var refused = Assert.Throws<RecordBatchException>(() => RecordBatchReader.Read(bytes));

        Assert.Equal(ErrorCode.CorruptMessage, refused.Error);
    }

    [Fact]
    public void Should_refuse_an_unknown_codec()
    {
        var bytes = BatchBytes.WithSection(BatchVectors.Batch("none"), (CompressionType)5, [1, 2, 3]);

        var refused = Assert.Throws<RecordBatchException>(() => RecordBatchReader.Read(bytes));

        Assert.Equal(ErrorCode.UnsupportedCompressionType, refused.Error);
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void Should_stop_inflating_at_the_cap(CompressionType codec)
    {
        var zeros = new KafkaRecord(0, 0, null, new byte[1 << 20], []);
        var bytes = RecordBatchWriter.ToBytes(RecordBatch.Of([zeros], codec));

        var refused = Assert.Throws<RecordBatchException>(() => RecordBatchReader.Read(bytes, maxRecordsSize: 64 * 1024));

        Assert.Equal(ErrorCode.RecordListTooLarge, refused.Error);
        Assert.True(bytes.Length < 64 * 1024, $"the {codec} batch is {bytes.Length} bytes");
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void Should_refuse_a_section_that_is_not_what_its_codec_says(CompressionType codec)
    {
        var bytes = BatchBytes.WithSection(BatchVectors.Batch("none"), codec, Encoding.ASCII.GetBytes("this is not compressed at all"));

        var refused = Assert.Throws<RecordBatchException>(() => RecordBatchReader.Read(bytes));

        Assert.Equal(ErrorCode.CorruptMessage, refused.Error);
    }
}
