namespace Actors.Kafka.Protocol;

/// <summary>Varints against encodings worked out by hand (LEB128, zig-zag as protobuf defines it), and their refusals.</summary>
public sealed class VarintSpecs
{
    [Theory]
    [InlineData(0u, "00")]
    [InlineData(127u, "7f")]
    [InlineData(128u, "8001")]
    [InlineData(300u, "ac02")]
    [InlineData(uint.MaxValue, "ffffffff0f")]
    public void Should_encode_unsigned_varints(uint value, string hex)
    {
        var buffer = new byte[Varint.MaxLength32];
        var written = Varint.WriteUnsigned(buffer, value);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer, 0, written));
        Assert.Equal(value, Varint.ReadUnsigned(Convert.FromHexString(hex), out var used));
        Assert.Equal(written, used);
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(-1, "01")]
    [InlineData(1, "02")]
    [InlineData(-64, "7f")]
    [InlineData(64, "8001")]
    [InlineData(int.MinValue, "ffffffff0f")]
    [InlineData(int.MaxValue, "feffffff0f")]
    public void Should_encode_zigzag_varints(int value, string hex)
    {
        var buffer = new byte[Varint.MaxLength32];
        var written = Varint.WriteSigned(buffer, value);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer, 0, written));
        Assert.Equal(value, Varint.ReadSigned(Convert.FromHexString(hex), out _));
        Assert.Equal(written, Varint.SizeOfSigned(value));
    }

    [Theory]
    [InlineData(long.MinValue, "ffffffffffffffffff01")]
    [InlineData(long.MaxValue, "feffffffffffffffff01")]
    [InlineData(-2L, "03")]
    public void Should_encode_zigzag_varlongs(long value, string hex)
    {
        var buffer = new byte[Varint.MaxLength64];
        var written = Varint.WriteSigned64(buffer, value);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer, 0, written));
        Assert.Equal(value, Varint.ReadSigned64(Convert.FromHexString(hex), out _));
    }

    [Theory]
    [InlineData("80", "a varint is cut off")]
    [InlineData("ffffffffff01", "a varint is longer than 5 bytes")]
    [InlineData("ffffffff1f", "a varint overflows 32 bits")]
    public void Should_refuse_broken_varints(string hex, string reason)
    {
        var refused = Assert.Throws<KafkaProtocolException>(() => Varint.ReadUnsigned(Convert.FromHexString(hex), out _));
        Assert.Equal(reason, refused.Message);
    }
}
