using System.CommandLine;
using System.CommandLine.Parsing;

namespace Actors.Nodes.Cli;

/// <summary>
/// The line for a mistyped command (<c>actors pubish x</c>, <c>actors topics descibe t</c>): the word that stands
/// where a subcommand of the command before it could stand, and the closest of those subcommands when one is close
/// (Damerau-Levenshtein distance of at most 2, a prefix counting as 1), as git and kubectl answer. System.CommandLine only says
/// "Unrecognized command or argument". A word taken as an optional argument (<c>topics</c> takes a topic) counts when
/// it is close to a subcommand and the parse failed, since the failure then is most likely that typo.
/// </summary>
internal static class CommandTypos
{
    private const int MaxDistance = 2;

    /// <summary>The error line for <paramref name="parsed"/> when a subcommand looks mistyped; null when not.</summary>
    public static string? Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult;
        var subcommands = command.Command.Subcommands.Where(c => !c.Hidden).ToList();
        if (subcommands.Count == 0) return null;
        var bound = command.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value).FirstOrDefault();
        if (bound is not null)
            return Closest(bound, subcommands) is { } meant ? Line(bound, meant) : null; // else an argument, and the error is another
        var unmatched = parsed.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-'));
        if (unmatched is null) return null;
        return Closest(unmatched, subcommands) is { } suggestion ? Line(unmatched, suggestion) : $"unknown command '{unmatched}' (see `{Path(command)} --help`)";
    }

    /// <summary>The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two neighbours.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>The subcommand <paramref name="word"/> most likely meant, or null when none is close.</summary>
    internal static string? Closest(string word, IEnumerable<Command> subcommands)
    {
        var lower = word.ToLowerInvariant();
        var names = subcommands.SelectMany(c => c.Aliases.Prepend(c.Name).Select(alias => (Alias: alias, c.Name))).ToList();
        if (names.Any(n => n.Alias == word)) return null; // not a typo
        // A prefix (`pub` for publish) counts as one edit, so it wins over a word two edits away (`run`).
        return names
            .Select(n => (n.Name, Distance: lower.Length >= 2 && n.Alias.StartsWith(lower, StringComparison.Ordinal) ? 1 : Distance(lower, n.Alias)))
            .Where(n => n.Distance <= MaxDistance && n.Distance < lower.Length)
            .OrderBy(n => n.Distance)
            .Select(n => n.Name)
            .FirstOrDefault();
    }

    private static string Line(string word, string suggestion) => $"unknown command '{word}'; did you mean '{suggestion}'?";

    /// <summary>The words that name <paramref name="command"/> (<c>actors topics describe</c>), for "see ... --help".</summary>
    internal static string Path(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{Path(parent)} {command.Command.Name}" : command.Command.Name;
}
