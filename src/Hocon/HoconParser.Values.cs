using System.Text.RegularExpressions;

namespace Actors.Hocon;

/// <summary>Values: scalars, objects, arrays, substitutions, and concatenations of them on one line.</summary>
internal sealed partial class HoconParser
{
    /// <summary>
    /// A value: one or more parts side by side on one line (<c>4 MiB</c>, <c>${a} { b = 1 }</c>).
    /// <paramref name="context"/> completes "expected a value ..." when there is none; <paramref name="depth"/> is
    /// how deep the value sits (objects and arrays in it go no deeper than <see cref="HoconLimits.MaxDepth"/>).
    /// </summary>
    private HoconNode ParseValue(IReadOnlyList<string> path, string context, int depth)
    {
        var first = Current;
        var parts = new List<HoconNode>();
        var spaces = new List<string>();
        while (true)
        {
            var token = Current;
            HoconNode? part = token.Kind switch
            {
                HoconTokenKind.OpenBrace => ParseBracedObject(Next(), path, depth),
                HoconTokenKind.OpenBracket => ParseArray(Next(), depth),
                // In an included file, a path is looked up where the file is mounted first (HOCON's rule).
                HoconTokenKind.Substitution => new HoconSubstitution(At(Next()), token.Text, token.Optional) { Mount = _mount },
                HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted => Scalar(Next()),
                _ => null,
            };
            if (part is null) break;
            parts.Add(part);
            spaces.Add(parts.Count == 1 ? "" : token.Space);
        }

        if (parts.Count == 0)
        {
            var where = context.Length > 0 ? " " + context : "";
            throw Error(first, $"expected a value{where}, found {first.Describe()}");
        }

        return parts.Count == 1 ? parts[0] : Concatenate(parts, spaces);
    }

    private HoconArray ParseArray(HoconToken open, int depth)
    {
        CheckDepth(open, depth);
        var items = new List<HoconNode>();
        while (true)
        {
            SkipNewlines();
            if (Current.Kind == HoconTokenKind.CloseBracket)
            {
                _index++;
                return new HoconArray(At(open), items);
            }

            if (Current.Kind == HoconTokenKind.End)
                throw Error(Current, $"expected ']' to close the array opened at line {open.Line}, found end of file");
            items.Add(ParseValue([], $"in the array opened at line {open.Line}", depth + 1));
            var end = Current;
            if (end.Kind is HoconTokenKind.Comma or HoconTokenKind.Newline) _index++;
            else if (end.Kind is not (HoconTokenKind.CloseBracket or HoconTokenKind.End))
                throw Error(end, $"expected ',' or ']' in the array opened at line {open.Line}, found {end.Describe()}");
        }
    }

    private HoconScalar Scalar(HoconToken token)
    {
        if (token.Kind != HoconTokenKind.Unquoted) return new HoconScalar(At(token), token.Text, HoconScalarKind.String, quoted: true);
        var kind = token.Text switch
        {
            "true" or "false" => HoconScalarKind.Boolean,
            "null" => HoconScalarKind.Null,
            _ when NumberPattern().IsMatch(token.Text) => HoconScalarKind.Number,
            _ => HoconScalarKind.String,
        };
        return new HoconScalar(At(token), token.Text, kind, quoted: false);
    }

    /// <summary>
    /// Joins parts known now: strings with the spaces between them, objects by merging, arrays end to end.
    /// With substitutions in it the join waits for resolution (<see cref="HoconResolver"/>).
    /// </summary>
    private static HoconNode Concatenate(List<HoconNode> parts, List<string> spaces)
    {
        if (parts.Any(p => p is HoconSubstitution)) return new HoconConcatenation(parts[0].Position, parts, spaces);
        return HoconResolver.Join(parts, spaces);
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE]-?[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
