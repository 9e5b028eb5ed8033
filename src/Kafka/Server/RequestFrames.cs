namespace Actors.Kafka.Server;

/// <summary>
/// Cuts Kafka's size-prefixed frames (a big-endian int32 length, then that many bytes) out of a connection's
/// buffered input. A pure function over a <see cref="ReadOnlySequence{T}"/> so its limits have specs without a
/// socket: a negative size, or one over the configured maximum, is refused before any byte of it is buffered.
/// </summary>
public static class RequestFrames
{
    /// <summary>What <see cref="TryRead"/> found.</summary>
    public enum Outcome
    {
        /// <summary>A whole frame was cut; the buffer was advanced past it.</summary>
        Frame,

        /// <summary>More bytes are needed.</summary>
        Incomplete,

        /// <summary>The size prefix is negative or over the maximum: the connection must close.</summary>
        Refused,
    }

    /// <summary>
    /// Cuts the next frame from <paramref name="buffer"/> into a new array (the request's own bytes, which decoded
    /// fields point into). On <see cref="Outcome.Refused"/>, <paramref name="reason"/> says why.
    /// </summary>
    public static Outcome TryRead(ref ReadOnlySequence<byte> buffer, int maxSize, out byte[] frame, out string reason)
    {
        frame = [];
        reason = "";
        if (buffer.Length < 4) return Outcome.Incomplete;
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var size = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (size < 0)
        {
            reason = $"a frame size of {size} bytes is negative";
            return Outcome.Refused;
        }

        if (size > maxSize)
        {
            reason = $"a request of {size} bytes is over the maximum request size of {maxSize} bytes";
            return Outcome.Refused;
        }

        if (buffer.Length - 4 < size) return Outcome.Incomplete;
        frame = new byte[size];
        buffer.Slice(4, size).CopyTo(frame);
        buffer = buffer.Slice(4 + size);
        return Outcome.Frame;
    }
}
