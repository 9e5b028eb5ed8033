using System.CommandLine.Parsing;
using System.Globalization;

namespace Actors.Nodes.Cli;

/// <summary>
/// A duration on the command line in the units of the HOCON files (<c>7d</c>, <c>12h</c>, <c>30m</c>, <c>45s</c>,
/// <c>500ms</c>), and back to the shortest such text for tables, so what an operator types and reads look alike.
/// </summary>
internal static class Durations
{
    private static readonly (string Unit, TimeSpan Length)[] Units =
        [("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)), ("ms", TimeSpan.FromMilliseconds(1))];

    /// <summary>A positive whole number of one unit; false for anything else.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits])) digits++;
        if (digits == 0 || !long.TryParse(trimmed[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount == 0) return false;
        var unit = Units.FirstOrDefault(u => u.Unit == trimmed[digits..].Trim().ToLowerInvariant());
        if (unit.Unit is null || amount > TimeSpan.MaxValue.Ticks / unit.Length.Ticks) return false;
        duration = unit.Length * amount;
        return true;
    }

    /// <summary>The option parser: one line naming the option for a value that is not a duration.</summary>
    public static TimeSpan? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var duration)) return duration;
        result.AddError($"'{text}' is not a duration: expected a positive number with a unit, such as 7d, 12h, 30m, 45s or 500ms");
        return null;
    }

    /// <summary>The largest unit that measures <paramref name="duration"/> exactly (<c>7d</c>, <c>90m</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        foreach (var (unit, length) in Units)
            if (duration.Ticks % length.Ticks == 0)
                return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / length.Ticks}{unit}");
        return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###}ms");
    }
}
