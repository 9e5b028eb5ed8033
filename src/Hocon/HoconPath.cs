using System.Text;

namespace Actors.Hocon;

/// <summary>Path expressions (<c>akka.remote."dot-netty.tcp".port</c>): dot-separated keys, quoted keys keep their dots.</summary>
internal static class HoconPath
{
    public static IReadOnlyList<string> Split(string path)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in path)
        {
            if (c == '"') quoted = !quoted;
            else if (c == '.' && !quoted)
            {
                segments.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }

        segments.Add(current.ToString());
        return segments;
    }

    /// <summary>Joins keys back into a path, quoting those that need it.</summary>
    public static string Join(IEnumerable<string> segments) =>
        string.Join(".", segments.Select(s => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || c is '-' or '_') ? s : $"\"{s}\""));
}
