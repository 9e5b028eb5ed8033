namespace Actors.Hocon;

/// <summary>
/// Recursive-descent parser from tokens to a <see cref="HoconObject"/> tree. This file holds objects and
/// fields; <c>HoconParser.Values.cs</c> holds values and arrays. Every error names the line and column of
/// the offending token and, for an unclosed brace or bracket, the line that opened it.
/// </summary>
internal sealed partial class HoconParser
{
    private readonly IReadOnlyList<HoconToken> _tokens;
    private readonly string _origin;
    private int _index;

    private HoconParser(IReadOnlyList<HoconToken> tokens, string origin)
    {
        _tokens = tokens;
        _origin = origin;
    }

    public static HoconObject Parse(string text, string origin) =>
        new HoconParser(HoconTokenizer.Tokenize(text, origin), origin).ParseDocument();

    private HoconToken Current => _tokens[_index];

    private HoconToken Next() => _tokens[_index++];

    private HoconPosition At(HoconToken token) => new(_origin, token.Line, token.Column);

    private HoconSyntaxException Error(HoconToken token, string problem) => new(At(token), problem);

    private void SkipNewlines()
    {
        while (Current.Kind == HoconTokenKind.Newline) _index++;
    }

    private HoconObject ParseDocument()
    {
        SkipNewlines();
        HoconObject root;
        if (Current.Kind == HoconTokenKind.OpenBrace) root = ParseBracedObject(Next(), prefix: []);
        else
        {
            root = new HoconObject(At(Current));
            ParseFields(root, open: null, prefix: []);
        }

        SkipNewlines();
        if (Current.Kind != HoconTokenKind.End)
            throw Error(Current, $"expected end of file after the root object, found {Current.Describe()}");
        return root;
    }

    private HoconObject ParseBracedObject(HoconToken open, IReadOnlyList<string> prefix)
    {
        var obj = new HoconObject(At(open));
        ParseFields(obj, open, prefix);
        return obj;
    }

    /// <summary>Fields until the closing brace (or, for a root without braces, the end of the file).</summary>
    private void ParseFields(HoconObject target, HoconToken? open, IReadOnlyList<string> prefix)
    {
        while (true)
        {
            SkipNewlines();
            var token = Current;
            if (token.Kind == HoconTokenKind.CloseBrace && open is not null)
            {
                _index++;
                return;
            }

            if (token.Kind == HoconTokenKind.End)
            {
                if (open is { } o) throw Error(token, $"expected '}}' to close the object opened at line {o.Line}, found end of file");
                return;
            }

            ParseField(target, prefix);

            // A field ends at a comma, a line end, or the end of its object.
            var end = Current;
            if (end.Kind is HoconTokenKind.Comma or HoconTokenKind.Newline) _index++;
            else if (end.Kind == HoconTokenKind.CloseBrace && open is not null) continue;
            else if (end.Kind == HoconTokenKind.End) continue;
            else throw Error(end, $"expected ',' or a new line after the value, found {end.Describe()}");
        }
    }

    private void ParseField(HoconObject target, IReadOnlyList<string> prefix)
    {
        if (Current is { Kind: HoconTokenKind.Unquoted, Text: "include" } && IsIncludeArgument(_tokens[_index + 1]))
        {
            SkipInclude();
            return;
        }

        var keyToken = Current;
        var key = ParseKey();
        var path = prefix.Concat(key).ToArray();
        SkipNewlinesBeforeBrace();
        var separator = Current;
        HoconNode value;
        var append = false;
        switch (separator.Kind)
        {
            case HoconTokenKind.Equals or HoconTokenKind.Colon or HoconTokenKind.PlusEquals:
                _index++;
                append = separator.Kind == HoconTokenKind.PlusEquals;
                value = ParseValue(path, $"after '{separator.Text}' for key '{HoconPath.Join(key)}'");
                break;
            case HoconTokenKind.OpenBrace:
                value = ParseValue(path, "");
                break;
            default:
                throw Error(separator, $"expected '=', ':' or '{{' after key '{HoconPath.Join(key)}', found {separator.Describe()}");
        }

        HoconAssign.Assign(target, key, At(keyToken), value, append, path);
    }

    /// <summary>A key: unquoted parts split at dots, quoted parts kept whole, all joined as written.</summary>
    private List<string> ParseKey()
    {
        var first = Current;
        if (!first.IsSimpleValue || first.Kind == HoconTokenKind.TripleQuoted)
            throw Error(first, $"expected a key, found {first.Describe()}");
        var segments = new List<string> { "" };
        while (Current.Kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted)
        {
            var token = Next();
            // Whitespace between the parts of a key belongs to it, as in a value concatenation.
            if (token != first) segments[^1] += token.Space;
            if (token.Kind == HoconTokenKind.Quoted)
            {
                segments[^1] += token.Text;
                continue;
            }

            var parts = token.Text.Split('.');
            segments[^1] += parts[0];
            segments.AddRange(parts.Skip(1));
        }

        if (segments.Any(s => s.Length == 0))
            throw Error(first, $"invalid key '{string.Join(".", segments)}': empty path element (a stray '.'?)");
        return segments;
    }

    /// <summary>Akka's own configs put an object's '{' on the line after its key; that is accepted.</summary>
    private void SkipNewlinesBeforeBrace()
    {
        var ahead = _index;
        while (_tokens[ahead].Kind == HoconTokenKind.Newline) ahead++;
        if (_tokens[ahead].Kind == HoconTokenKind.OpenBrace) _index = ahead;
    }

    private static bool IsIncludeArgument(HoconToken token) =>
        token.Kind == HoconTokenKind.Quoted ||
        (token.Kind == HoconTokenKind.Unquoted && token.Text.StartsWith("file(", StringComparison.Ordinal)) ||
        (token.Kind == HoconTokenKind.Unquoted && token.Text.StartsWith("url(", StringComparison.Ordinal)) ||
        (token.Kind == HoconTokenKind.Unquoted && token.Text.StartsWith("classpath(", StringComparison.Ordinal)) ||
        (token.Kind == HoconTokenKind.Unquoted && token.Text.StartsWith("required(", StringComparison.Ordinal));

    /// <summary>Includes are accepted but not followed: nodes layer their files explicitly instead.</summary>
    private void SkipInclude()
    {
        _index++;
        while (Current.Kind is HoconTokenKind.Quoted or HoconTokenKind.Unquoted) _index++;
    }
}
