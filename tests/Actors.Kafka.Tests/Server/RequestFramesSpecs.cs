namespace Actors.Kafka.Server;

/// <summary>Cutting size-prefixed frames out of buffered input, whole or in pieces, and refusing sizes before buffering them.</summary>
public sealed class RequestFramesSpecs
{
    [Fact]
    public void Should_cut_frames_that_span_buffer_segments()
    {
        // arrange: two frames split over three segments, the first size prefix itself split
        var bytes = Convert.FromHexString("00000003" + "616263" + "00000001" + "7a");
        var buffer = Segments(bytes[..2], bytes[2..6], bytes[6..]);

        // act
        var first = RequestFrames.TryRead(ref buffer, 1024, out var one, out _);
        var second = RequestFrames.TryRead(ref buffer, 1024, out var two, out _);
        var third = RequestFrames.TryRead(ref buffer, 1024, out _, out _);

        // assert
        Assert.Equal((RequestFrames.Outcome.Frame, "abc"), (first, Encoding.ASCII.GetString(one)));
        Assert.Equal((RequestFrames.Outcome.Frame, "z"), (second, Encoding.ASCII.GetString(two)));
        Assert.Equal(RequestFrames.Outcome.Incomplete, third);
        Assert.Equal(0, buffer.Length);
    }

    [Theory]
    [InlineData("000000")]
    [InlineData("0000000561")]
    public void Should_wait_for_the_rest_of_a_frame(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
        Assert.Equal(RequestFrames.Outcome.Incomplete, RequestFrames.TryRead(ref buffer, 1024, out _, out _));
        Assert.Equal(hex.Length / 2, buffer.Length);
    }

    [Theory]
    [InlineData("80000000", "a frame size of -2147483648 bytes is negative")]
    [InlineData("00000401", "a request of 1025 bytes is over the maximum request size of 1024 bytes")]
    public void Should_refuse_sizes_from_the_prefix_alone(string hex, string reason)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
        Assert.Equal(RequestFrames.Outcome.Refused, RequestFrames.TryRead(ref buffer, 1024, out _, out var why));
        Assert.Equal(reason, why);
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1)) last = last.Append(part);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
