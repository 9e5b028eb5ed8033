using Actors.Topics;

namespace Actors.Routing;

/// <summary>
/// A pattern over topic names, matched segment by segment (segments are separated by '.'):
/// <c>*</c> matches exactly one segment and <c>&gt;</c>, allowed only as the last segment, matches one or
/// more segments; any other segment matches itself only. So <c>orders.*</c> matches <c>orders.eu</c> but
/// neither <c>orders</c> nor <c>orders.eu.north</c>, and <c>orders.&gt;</c> matches both of the longer ones.
/// This is the NATS subject syntax, chosen because it is short and has no regex surprises.
/// </summary>
public sealed record TopicPattern
{
    public TopicPattern(string value)
    {
        if (!IsValid(value))
            throw new ArgumentException(
                $"invalid topic pattern '{value}': use '.'-separated segments of letters, digits, '_' or '-', '*' for one segment, '>' (last only) for the rest",
                nameof(value));
        Value = value;
    }

    public string Value { get; }

    public static bool IsValid(string? value)
    {
        if (value is not { Length: > 0 and <= 200 }) return false;
        var segments = value.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == "*") continue;
            if (segment == ">")
            {
                if (i != segments.Length - 1) return false;
                continue;
            }

            if (segment.Length == 0 || !TopicName.IsValid(segment)) return false;
        }

        return true;
    }

    /// <summary>Whether <paramref name="topic"/> matches this pattern.</summary>
    public bool Matches(TopicName topic)
    {
        // Split on each call rather than keeping an array field, which would break the record's value equality.
        var segments = Value.Split('.');
        var names = topic.Value.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == ">") return names.Length > i;
            if (i >= names.Length) return false;
            if (segment != "*" && !string.Equals(segment, names[i], StringComparison.Ordinal)) return false;
        }

        return names.Length == segments.Length;
    }

    public override string ToString() => Value;

}
