using Actors.Kafka.Records;

namespace Actors.Kafka.Records;

/// <summary>CRC-32C against the published check value and the iSCSI test vectors (RFC 3720, B.4).</summary>
public sealed class Crc32CSpecs
{
    [Theory]
    [InlineData("313233343536373839", 0xE3069283u)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", 0x8A9136AAu)]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 0x62A8AB43u)]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 0x46DD794Eu)]
    [InlineData("", 0u)]
    public void Should_match_the_published_vectors(string hex, uint expected) =>
        Assert.Equal(expected, Crc32C.Compute(Convert.FromHexString(hex)));

    [Fact]
    public void Should_give_the_same_checksum_over_two_parts()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        for (var cut = 0; cut <= data.Length; cut += 37)
            Assert.Equal(Crc32C.Compute(data), Crc32C.Compute(data.AsSpan(0, cut), data.AsSpan(cut)));
    }
}
