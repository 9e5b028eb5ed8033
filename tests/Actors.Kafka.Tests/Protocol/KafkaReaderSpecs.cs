namespace Actors.Kafka.Protocol;

/// <summary>The reader's nulls in both encodings, its big-endian UUIDs, and its refusals of lengths that point past the input.</summary>
public sealed class KafkaReaderSpecs
{
    [Theory]
    [InlineData("ffff", false)]
    [InlineData("00", true)]
    public void Should_read_null_strings_in_both_encodings(string hex, bool flexible) =>
        Assert.Null(new KafkaReader(Convert.FromHexString(hex)) { Flexible = flexible }.NullableString(""));

    [Theory]
    [InlineData("ffffffff", false)]
    [InlineData("00", true)]
    public void Should_read_null_bytes_and_arrays_in_both_encodings(string hex, bool flexible)
    {
        Assert.Null(new KafkaReader(Convert.FromHexString(hex)) { Flexible = flexible }.NullableBytes(null));
        Assert.Null(new KafkaReader(Convert.FromHexString(hex)) { Flexible = flexible }.NullableStrings([]));
    }

    [Fact]
    public void Should_write_and_read_uuids_big_endian()
    {
        var id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var buffer = new ArrayBufferWriter<byte>();
        new KafkaWriter(buffer).Uuid(id);
        Assert.Equal("00112233445566778899aabbccddeeff", Convert.ToHexStringLower(buffer.WrittenSpan));
        Assert.Equal(id, new KafkaReader(buffer.WrittenMemory).Uuid(Guid.Empty));
    }

    [Theory]
    [InlineData("0000000a0102", false, "truncated: 10 bytes needed at offset 4, 2 left")]
    [InlineData("0b0102", true, "truncated: 10 bytes needed at offset 1, 2 left")]
    [InlineData("7fffffff", false, "truncated: 2147483647 bytes needed at offset 4, 0 left")]
    public void Should_refuse_bytes_longer_than_the_input(string hex, bool flexible, string reason)
    {
        var refused = Assert.Throws<KafkaProtocolException>(() => new KafkaReader(Convert.FromHexString(hex)) { Flexible = flexible }.Bytes(default));
        Assert.Equal(reason, refused.Message);
    }

    [Fact]
    public void Should_refuse_a_non_nullable_string_that_is_null() =>
        Assert.Throws<KafkaProtocolException>(() => new KafkaReader(Convert.FromHexString("ffff")).String(""));
}
