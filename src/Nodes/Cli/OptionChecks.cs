using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Actors.Nodes.Cli;

/// <summary>
/// Checks on option values made while the command line is parsed, so a value that can never work is one line and
/// exit 2 before any node is contacted (<see cref="ExitCodes"/>), and never a .NET type name.
/// </summary>
internal static class OptionChecks
{
    /// <summary>
    /// Refuses a value below <paramref name="minimum"/> (an unset option passes), and one that is no number with a
    /// line of its own: reading it in the check threw (a stack trace), and the parser's own line names a .NET type.
    /// </summary>
    public static Option<T?> AtLeast<T>(this Option<T?> option, T minimum) where T : struct, INumber<T>
    {
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
            result.AddError($"{option.Name} must be a whole number, was '{text}'");
            return null;
        };
        option.Validators.Add(result =>
        {
            // Read from the token, not GetValueOrDefault: that throws for a value the parser refused.
            if (result.Tokens.Count != 1 || !T.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return;
            if (value < minimum)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be at least {minimum}, was {value}"));
        });
        return option;
    }

    /// <summary>A TCP port, 0-65535 (0: any free port), with a one-line error for anything else.</summary>
    public static int? ParsePort(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535) return port;
        result.AddError($"'{text}' is not a port number (0-65535; 0 picks a free one)");
        return null;
    }
}
