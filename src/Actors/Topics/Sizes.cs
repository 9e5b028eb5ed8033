using System.Globalization;

namespace Actors.Topics;

/// <summary>
/// Sizes in bytes as the settings and the CLI write them: HOCON's sizes (<c>10 GiB</c>, <c>512MiB</c>, <c>1000</c>)
/// or <c>unlimited</c> (<see cref="long.MaxValue"/>), and back in the largest binary unit that measures them exactly.
/// </summary>
public static class Sizes
{
    /// <summary>A positive size or <c>unlimited</c>; null when <paramref name="text"/> is neither.</summary>
    public static long? ParsePositiveOrUnlimited(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (string.Equals(text, "unlimited", StringComparison.OrdinalIgnoreCase)) return long.MaxValue;
        if (text.Any(c => c is '"' or '\\' or '\n' or '{' or '}' or '=' or ':' or '#')) return null;
        try
        {
            var size = ConfigurationFactory.ParseString($"v = \"{text}\"").GetByteSize("v", null);
            return size > 0 ? size : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException) // HOCON's parser throws several kinds for a malformed size
        {
            return null;
        }
    }

    /// <summary><c>unlimited</c>, or the bytes in the largest binary unit that measures them exactly (<c>1 GiB</c>, <c>1,500 B</c>).</summary>
    public static string Format(long bytes)
    {
        if (bytes == long.MaxValue) return "unlimited";
        string[] units = ["TiB", "GiB", "MiB", "KiB"];
        for (var i = 0; i < units.Length; i++)
        {
            var unit = 1L << (10 * (units.Length - i));
            if (bytes > 0 && bytes % unit == 0) return $"{(bytes / unit).ToString("N0", CultureInfo.InvariantCulture)} {units[i]}";
        }

        return $"{bytes.ToString("N0", CultureInfo.InvariantCulture)} B";
    }
}
