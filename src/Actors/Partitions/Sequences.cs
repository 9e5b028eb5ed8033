namespace Actors.Partitions;

/// <summary>
/// Producer sequence numbers as Kafka counts them: 0, 1, 2, ... up to <see cref="int.MaxValue"/>, then 0 again. With
/// wrap-around, "before" and "after" are taken the short way round the circle of 2^31 numbers.
/// </summary>
internal static class Sequences
{
    private const long Circle = 1L << 31;

    /// <summary>The sequence after <paramref name="sequence"/>.</summary>
    public static int Next(int sequence) => sequence == int.MaxValue ? 0 : sequence + 1;

    /// <summary>The sequence <paramref name="count"/> after <paramref name="sequence"/>.</summary>
    public static int Add(int sequence, int count) => (int)((sequence + (long)count) % Circle);

    /// <summary>Whether <paramref name="sequence"/> is <paramref name="last"/> or comes before it (a resend of something already taken).</summary>
    public static bool AtOrBefore(int sequence, int last) => ((last - (long)sequence) % Circle + Circle) % Circle < Circle / 2;
}
