using System.Text;

namespace Actors.Hocon;

/// <summary>
/// Splits HOCON text into tokens, each with its line and column. Comments (<c>#</c>, <c>//</c>) vanish; line
/// ends stay, because they separate fields and array elements. Strings are unescaped here.
/// </summary>
internal sealed partial class HoconTokenizer
{
    // Characters that end an unquoted string (the HOCON spec's forbidden set, minus a few Akka configs use).
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _origin;
    private readonly List<HoconToken> _tokens = [];
    private readonly StringBuilder _space = new();
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private HoconTokenizer(string text, string origin)
    {
        _text = text;
        _origin = origin;
    }

    public static IReadOnlyList<HoconToken> Tokenize(string text, string origin)
    {
        if (text.Length > HoconLimits.MaxLength)
            throw new HoconSyntaxException(new HoconPosition(origin, 1, 1),
                $"the text is {text.Length} characters long, over the limit of {HoconLimits.MaxLength / (1024 * 1024)} MiB");
        return new HoconTokenizer(text, origin).Run();
    }

    private int Column => _pos - _lineStart + 1;

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private List<HoconToken> Run()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n') NewLine();
            else if (c == '#' || (c == '/' && Peek(1) == '/')) SkipComment();
            else if (c == '\uFEFF' || (char.IsWhiteSpace(c) && c != '\n')) { _space.Append(c == '\r' ? "" : c); _pos++; }
            else if (c == '"') ReadString();
            else if (c == '$') ReadSubstitution();
            else if (c == '+') ReadPlusEquals();
            else if (Punctuation(c) is { } kind) { Emit(kind, c.ToString(), Column); _pos++; }
            else if (Forbidden.Contains(c) && c != '\\') throw Error(Column, $"unexpected character '{c}' (quote the value if it belongs in a string)");
            else ReadUnquoted();
        }

        Emit(HoconTokenKind.End, "", Column);
        return _tokens;
    }

    private static HoconTokenKind? Punctuation(char c) => c switch
    {
        ',' => HoconTokenKind.Comma,
        ':' => HoconTokenKind.Colon,
        '=' => HoconTokenKind.Equals,
        '{' => HoconTokenKind.OpenBrace,
        '}' => HoconTokenKind.CloseBrace,
        '[' => HoconTokenKind.OpenBracket,
        ']' => HoconTokenKind.CloseBracket,
        _ => null,
    };

    private void Emit(HoconTokenKind kind, string text, int column, bool optional = false)
    {
        _tokens.Add(new HoconToken(kind, text, _line, column, _space.ToString(), optional));
        _space.Clear();
    }

    private void NewLine()
    {
        Emit(HoconTokenKind.Newline, "\n", Column);
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private void SkipComment()
    {
        while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
    }

    private void ReadPlusEquals()
    {
        if (Peek(1) != '=') throw Error(Column, "unexpected character '+' (only '+=' may stand here; quote the value if it belongs in a string)");
        Emit(HoconTokenKind.PlusEquals, "+=", Column);
        _pos += 2;
    }

    private void ReadUnquoted()
    {
        var start = _pos;
        var column = Column;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (char.IsWhiteSpace(c) || c == '\uFEFF' || (Forbidden.Contains(c) && c != '\\') || (c == '/' && Peek(1) == '/')) break;
            _pos++;
        }

        Emit(HoconTokenKind.Unquoted, _text[start.._pos], column);
    }

    private HoconSyntaxException Error(int column, string problem) => new(new HoconPosition(_origin, _line, column), problem);

    private HoconSyntaxException Error(int line, int column, string problem) => new(new HoconPosition(_origin, line, column), problem);
}
