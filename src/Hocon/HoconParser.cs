namespace Actors.Hocon;

/// <summary>
/// Recursive-descent parser from tokens to a <see cref="HoconObject"/> tree. This file holds objects and
/// fields; <c>HoconParser.Values.cs</c> holds values and arrays, <c>HoconParser.Includes.cs</c> includes. Every
/// error names the line and column of the offending token and, for an unclosed brace or bracket, the line that
/// opened it. The recursion is bounded: no value may sit deeper than <see cref="HoconLimits.MaxDepth"/>.
/// </summary>
internal sealed partial class HoconParser
{
    private readonly IReadOnlyList<HoconToken> _tokens;
    private readonly string _origin;
    private readonly HoconIncludes _includes;
    private readonly IReadOnlyList<string> _mount;
    private readonly int _baseDepth;
    private int _index;

    private HoconParser(IReadOnlyList<HoconToken> tokens, string origin, HoconIncludes includes, IReadOnlyList<string> mount, int baseDepth)
    {
        _tokens = tokens;
        _origin = origin;
        _includes = includes;
        _mount = mount;
        _baseDepth = baseDepth;
    }

    /// <summary>Parses a whole text; <paramref name="includes"/> says whether and whence includes are read.</summary>
    public static HoconObject Parse(string text, string origin, HoconIncludes includes) =>
        Parse(text, origin, includes, mount: [], baseDepth: 0);

    private static HoconObject Parse(string text, string origin, HoconIncludes includes, IReadOnlyList<string> mount, int baseDepth) =>
        new HoconParser(HoconTokenizer.Tokenize(text, origin), origin, includes, mount, baseDepth).ParseDocument();

    private HoconToken Current => _tokens[_index];

    private HoconToken Next() => _tokens[_index++];

    private HoconPosition At(HoconToken token) => new(_origin, token.Line, token.Column);

    private HoconSyntaxException Error(HoconToken token, string problem) => new(At(token), problem);

    /// <summary>A value at <paramref name="depth"/> (the root's fields are at 1) must not pass the bound.</summary>
    private void CheckDepth(HoconToken token, int depth)
    {
        if (depth > HoconLimits.MaxDepth)
            throw Error(token, $"nested deeper than {HoconLimits.MaxDepth} levels (objects, arrays and dotted keys count); flatten the structure");
    }

    private void SkipNewlines()
    {
        while (Current.Kind == HoconTokenKind.Newline) _index++;
    }

    private HoconObject ParseDocument()
    {
        SkipNewlines();
        HoconObject root;
        if (Current.Kind == HoconTokenKind.OpenBrace) root = ParseBracedObject(Next(), prefix: [], _baseDepth);
        else
        {
            root = new HoconObject(At(Current));
            ParseFields(root, open: null, prefix: [], _baseDepth);
        }

        SkipNewlines();
        if (Current.Kind != HoconTokenKind.End)
            throw Error(Current, $"expected end of file after the root object, found {Current.Describe()}");
        return root;
    }

    private HoconObject ParseBracedObject(HoconToken open, IReadOnlyList<string> prefix, int depth)
    {
        CheckDepth(open, depth);
        var obj = new HoconObject(At(open));
        ParseFields(obj, open, prefix, depth);
        return obj;
    }

    /// <summary>Fields until the closing brace (or, for a root without braces, the end of the file).</summary>
    private void ParseFields(HoconObject target, HoconToken? open, IReadOnlyList<string> prefix, int depth)
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

            ParseField(target, prefix, depth);

            // A field ends at a comma, a line end, or the end of its object.
            var end = Current;
            if (end.Kind is HoconTokenKind.Comma or HoconTokenKind.Newline) _index++;
            else if (end.Kind == HoconTokenKind.CloseBrace && open is not null) continue;
            else if (end.Kind == HoconTokenKind.End) continue;
            else throw Error(end, $"expected ',' or a new line after the value, found {end.Describe()}");
        }
    }

    /// <summary>One field of an object at <paramref name="depth"/>: its value sits one level deeper per key segment.</summary>
    private void ParseField(HoconObject target, IReadOnlyList<string> prefix, int depth)
    {
        if (Current is { Kind: HoconTokenKind.Unquoted, Text: "include" } && IsIncludeArgument(_tokens[_index + 1]))
        {
            Include(target, prefix, depth);
            return;
        }

        var keyToken = Current;
        var key = ParseKey();
        CheckDepth(keyToken, depth + key.Count);
        var path = prefix.Concat(key).ToArray();
        SkipNewlinesBeforeBrace();
        var separator = Current;
        HoconNode value;
        var append = false;
        var valueDepth = depth + key.Count;
        switch (separator.Kind)
        {
            case HoconTokenKind.Equals or HoconTokenKind.Colon or HoconTokenKind.PlusEquals:
                _index++;
                append = separator.Kind == HoconTokenKind.PlusEquals;
                value = ParseValue(path, $"after '{separator.Text}' for key '{HoconText.Quote(HoconPath.Join(key))}'", valueDepth);
                break;
            case HoconTokenKind.OpenBrace:
                value = ParseValue(path, "", valueDepth);
                break;
            default:
                throw Error(separator, $"expected '=', ':' or '{{' after key '{HoconText.Quote(HoconPath.Join(key))}', found {separator.Describe()}");
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
            throw Error(first, $"invalid key '{HoconText.Quote(string.Join(".", segments))}': empty path element (a stray '.'?)");
        return segments;
    }

    /// <summary>Akka's own configs put an object's '{' on the line after its key; that is accepted.</summary>
    private void SkipNewlinesBeforeBrace()
    {
        var ahead = _index;
        while (_tokens[ahead].Kind == HoconTokenKind.Newline) ahead++;
        if (_tokens[ahead].Kind == HoconTokenKind.OpenBrace) _index = ahead;
    }
}
