using Actors.Kafka.Records;

namespace Actors.Kafka.Records;

/// <summary>
/// Record batch v2 decoding and encoding against kafka-python's batches: each codec decodes to the same records,
/// the uncompressed batch is re-encoded byte for byte (CRC 0xbde95ee2 included), and every codec round-trips.
/// </summary>
public sealed class RecordBatchSpecs
{
    public static TheoryData<string> Codecs => new(["none", "gzip", "snappy", "lz4", "zstd"]);

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Should_decode_what_kafka_python_encodes(string codec)
    {
        // act
        var batch = Assert.Single(RecordBatchReader.ReadAll(BatchVectors.Batch(codec)));

        // assert
        Assert.Equal(Enum.Parse<CompressionType>(codec, ignoreCase: true), batch.Compression);
        Assert.Equal((7L, (short)1, 42, 2, 1700000000005L), (batch.ProducerId, batch.ProducerEpoch, batch.BaseSequence, batch.LastOffsetDelta, batch.MaxTimestamp));
        BatchVectors.AssertSame(BatchVectors.Records(), batch.Records);
    }

    [Fact]
    public void Should_encode_an_uncompressed_batch_byte_for_byte_as_kafka_python()
    {
        // arrange
        var built = RecordBatch.Of(BatchVectors.Records(), producerId: 7, producerEpoch: 1, baseSequence: 42) with { PartitionLeaderEpoch = 0 };

        // act
        var bytes = RecordBatchWriter.ToBytes(built);

        // assert
        Assert.Equal(BatchVectors.Hex("none"), Convert.ToHexStringLower(bytes));
        Assert.Equal(0xbde95ee2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(17)));
    }

    [Fact]
    public void Should_write_back_the_bytes_it_read()
    {
        var bytes = BatchVectors.Batch("none");
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(RecordBatchWriter.ToBytes(RecordBatchReader.Read(bytes))));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Should_round_trip_with_each_codec(string codec)
    {
        // arrange
        var type = Enum.Parse<CompressionType>(codec, ignoreCase: true);
        var records = BatchVectors.Records();

        // act
        var bytes = RecordBatchWriter.ToBytes(RecordBatch.Of(records, type, 7, 1, 42));
        var read = RecordBatchReader.Read(bytes);

        // assert
        Assert.Equal(type, read.Compression);
        BatchVectors.AssertSame(records, read.Records);
    }

    [Fact]
    public void Should_read_raw_snappy_as_librdkafka_writes_it()
    {
        // arrange: the uncompressed vector's records section, compressed as one raw snappy block
        var plain = BatchVectors.Batch("none");
        var section = Snappier.Snappy.CompressToArray(plain.AsSpan(RecordBatch.HeaderSize));
        var batch = BatchBytes.WithSection(plain, CompressionType.Snappy, section);

        // act
        var read = RecordBatchReader.Read(batch);

        // assert
        BatchVectors.AssertSame(BatchVectors.Records(), read.Records);
    }

    [Fact]
    public void Should_read_several_batches_and_skip_a_partial_tail_only_when_allowed()
    {
        // arrange
        var one = BatchVectors.Batch("none");
        var two = BatchVectors.Batch("zstd");
        var records = one.Concat(two).Concat(one[..30]).ToArray();

        // act
        var batches = RecordBatchReader.ReadAll(records, allowPartialTail: true);

        // assert
        Assert.Equal(2, batches.Count);
        var refused = Assert.Throws<RecordBatchException>(() => RecordBatchReader.ReadAll(records));
        Assert.Equal(ErrorCode.CorruptMessage, refused.Error);
    }
}
