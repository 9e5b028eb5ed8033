namespace Actors.Hocon;

/// <summary>Where a HOCON key or value was written: the file (or other origin), 1-based line and column.</summary>
public readonly record struct HoconPosition(string Origin, int Line, int Column)
{
    public override string ToString() => $"{Origin}:{Line}:{Column}";
}

/// <summary>
/// A problem with a HOCON document that can be pinned to a place in it: a lookup of a missing key, a value
/// of the wrong type, an unresolved substitution. The message is one line, <c>file:line:column: what is wrong</c>,
/// fit to print to a user as is: whatever text it quotes, it holds no control characters and stays short
/// (<see cref="HoconText.Clean"/>).
/// </summary>
public class HoconException(HoconPosition position, string problem)
    : Exception(HoconText.Clean($"{position}: {problem}"))
{
    public HoconPosition Position { get; } = position;

    public string Origin => Position.Origin;

    public int Line => Position.Line;

    public int Column => Position.Column;

    /// <summary>What is wrong, without the position prefix.</summary>
    public string Problem { get; } = HoconText.Clean(problem);
}

/// <summary>Text that is not well-formed HOCON (an unclosed brace, a key without a value, a stray character).</summary>
public sealed class HoconSyntaxException(HoconPosition position, string problem) : HoconException(position, problem);
