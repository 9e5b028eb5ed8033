using System.Globalization;
using System.Text;

namespace Actors.Hocon;

/// <summary>
/// Offending text as an error line shows it: at most <see cref="HoconLimits.MaxQuoted"/> characters, then "...",
/// with control characters, NUL and stray surrogates escaped as <c>\uXXXX</c>. An error line once repeated a
/// 1,000,113-character token whole, and others printed raw NUL bytes to the terminal.
/// </summary>
public static class HoconText
{
    /// <summary>The text cut and escaped for a message; the caller adds the quotes around it.</summary>
    public static string Quote(string text, int max = HoconLimits.MaxQuoted)
    {
        var cut = text.Length > max;
        // Cut first, so half of a surrogate pair left at the cut is escaped like any stray one.
        var kept = cut ? text[..max] : text;
        var shown = new StringBuilder(kept.Length + 8);
        for (var i = 0; i < kept.Length; i++) Append(shown, kept, i);
        if (cut) shown.Append("...");
        return shown.ToString();
    }

    /// <summary>
    /// A whole message made safe to print on one line: every character escaped as in <see cref="Quote"/> and the
    /// message cut at <paramref name="max"/> characters. The last guard, for text no call site quoted.
    /// </summary>
    public static string Clean(string message, int max = 1000)
    {
        var needs = message.Length > max;
        for (var i = 0; i < message.Length && !needs; i++) needs = MustEscape(message, i);
        return needs ? Quote(message, max) : message;
    }

    private static void Append(StringBuilder shown, string text, int i)
    {
        var c = text[i];
        if (MustEscape(text, i)) shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        else shown.Append(c);
    }

    private static bool MustEscape(string text, int i)
    {
        var c = text[i];
        if (char.IsControl(c) || c is '\u2028' or '\u2029') return true;
        // A surrogate is printable only as half of a pair.
        if (char.IsHighSurrogate(c)) return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        if (char.IsLowSurrogate(c)) return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        return false;
    }
}
