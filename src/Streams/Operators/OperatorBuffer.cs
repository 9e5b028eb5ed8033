namespace Actors.Streams.Operators;

/// <summary>
/// The buffer in front of an operator of <see cref="Ops"/> or <see cref="Windows"/>: how many elements it may
/// take ahead of its work, and what happens when more come (<see cref="OverflowStrategy.Backpressure"/> slows
/// upstream down and loses nothing; the drop strategies trade elements for a never-waiting upstream, e.g. a
/// throttle that samples). Every operator takes one; without it there is none (<see cref="None"/>): an operator
/// holds only its own bounded state and backpressures.
/// </summary>
public sealed record OperatorBuffer
{
    public OperatorBuffer(int size, OverflowStrategy overflow)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), size, "a buffer cannot be negative");
        if (size == 0 && overflow != OverflowStrategy.Backpressure)
            throw new ArgumentException($"an empty buffer cannot {overflow}: give it a size", nameof(overflow));
        Size = size;
        Overflow = overflow;
    }

    /// <summary>No buffer: the operator takes an element only when it can work on it.</summary>
    public static OperatorBuffer None { get; } = new(0, OverflowStrategy.Backpressure);

    public int Size { get; }

    public OverflowStrategy Overflow { get; }

    /// <summary>A buffer of <paramref name="size"/> that slows upstream down when full.</summary>
    public static OperatorBuffer Backpressure(int size) => new(size, OverflowStrategy.Backpressure);

    /// <summary>The start of an operator's blueprint: this buffer, if any.</summary>
    internal static Flow<T, T, NotUsed> Front<T>(OperatorBuffer? buffer) =>
        buffer is null || buffer.Size == 0 ? Flow.Create<T>() : Flow.Create<T>().Buffer(buffer.Size, buffer.Overflow);
}
