using Actors.Nodes.Cli;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// <c>actors publish</c>'s input as lines of bytes: split at '\n' (a '\r' before it dropped), bytes kept as they are,
/// a last line without a line break counted, a line longer than kept only counted, whatever size the reads come in.
/// </summary>
public sealed class ByteLinesSpecs
{
    private static async Task<List<InputLine>> ReadAllAsync(byte[] input, int maxKept = 100, int chunk = int.MaxValue)
    {
        var lines = new ByteLines(new ChunkedStream(input, chunk), maxKept);
        var read = new List<InputLine>();
        while (await lines.NextAsync(CancellationToken.None) is { } line) read.Add(line);
        Assert.Equal(input.Length, lines.BytesRead);
        return read;
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Should_split_at_line_breaks_and_keep_every_other_byte(int chunk)
    {
        // arrange: a CRLF line, an empty line, bytes that are not UTF-8, and a last line without a line break
        byte[] input = [.. "one\r\n\n"u8, 0xFF, 0xC3, (byte)'\n', .. "last"u8];

        // act
        var lines = await ReadAllAsync(input, chunk: chunk);

        // assert
        Assert.Equal([1L, 2, 3, 4], lines.Select(l => l.Number));
        Assert.Equal(["one"u8.ToArray(), [], [0xFF, 0xC3], "last"u8.ToArray()], lines.Select(l => l.Bytes));
        Assert.All(lines, l => Assert.True(l.Complete));
    }

    [Fact]
    public async Task Should_count_a_line_longer_than_it_keeps_without_keeping_it()
    {
        var lines = await ReadAllAsync([.. Enumerable.Repeat((byte)'x', 250), (byte)'\n', .. "next\n"u8], maxKept: 100, chunk: 64);

        Assert.Equal((250L, false, 100), (lines[0].Length, lines[0].Complete, lines[0].Bytes.Length));
        Assert.Equal("next"u8.ToArray(), lines[1].Bytes);
    }

    [Fact]
    public async Task Should_read_nothing_from_empty_input() => Assert.Empty(await ReadAllAsync([]));

    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read, as a pipe does.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
