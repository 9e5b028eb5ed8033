using System.Globalization;
using System.Text;

namespace Actors.Hocon;

/// <summary>Quoted strings, triple-quoted strings and substitutions: the tokens that span several characters of syntax.</summary>
internal sealed partial class HoconTokenizer
{
    private void ReadString()
    {
        if (Peek(1) == '"' && Peek(2) == '"') ReadTripleQuoted();
        else ReadQuoted();
    }

    private void ReadQuoted()
    {
        var column = Column;
        var value = new StringBuilder();
        _pos++;
        while (true)
        {
            var c = Peek();
            if (_pos >= _text.Length || c == '\n')
                throw Error(column, "unclosed string: expected '\"' before the end of the line");
            _pos++;
            if (c == '"') break;
            if (c == '\\') value.Append(ReadEscape());
            else value.Append(c);
        }

        Emit(HoconTokenKind.Quoted, value.ToString(), column);
    }

    private string ReadEscape()
    {
        var column = Column - 1;
        var c = Peek();
        _pos++;
        switch (c)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u' when _pos + 4 <= _text.Length &&
                          int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                _pos += 4;
                return ((char)code).ToString();
            default:
                // Past the end of the text Peek gave '\0'; a NUL written in the text is quoted escaped.
                throw Error(column, $"invalid escape '\\{(_pos > _text.Length ? "" : HoconText.Quote(c.ToString()))}' in a quoted string");
        }
    }

    private void ReadTripleQuoted()
    {
        var line = _line;
        var column = Column;
        _pos += 3;
        var start = _pos;
        var end = _text.IndexOf("\"\"\"", _pos, StringComparison.Ordinal);
        if (end < 0) throw Error(line, column, "unclosed triple-quoted string: expected '\"\"\"' before the end of the file");
        // Quotes just before the closing three belong to the string (the spec's rule for """a"""").
        while (end + 3 < _text.Length && _text[end + 3] == '"') end++;
        var value = _text[start..end];
        Emit(HoconTokenKind.TripleQuoted, value.Replace("\r\n", "\n", StringComparison.Ordinal), column);
        // The string may span lines; keep line numbers right for what follows.
        for (var i = start; i < end; i++)
        {
            if (_text[i] != '\n') continue;
            _line++;
            _lineStart = i + 1;
        }

        _pos = end + 3;
    }

    private void ReadSubstitution()
    {
        var column = Column;
        if (Peek(1) != '{') throw Error(column, "unexpected character '$' (a substitution looks like ${path}; quote the value if it belongs in a string)");
        _pos += 2;
        var optional = Peek() == '?';
        if (optional) _pos++;
        var path = new StringBuilder();
        while (true)
        {
            var c = Peek();
            if (_pos >= _text.Length || c == '\n') throw Error(column, "unclosed substitution: expected '}' before the end of the line");
            _pos++;
            if (c == '}') break;
            if (c == '"')
            {
                // Quoted path elements keep their dots: ${"a.b".c}
                var close = _text.IndexOf('"', _pos);
                if (close < 0) throw Error(column, "unclosed string in a substitution");
                path.Append('"').Append(_text, _pos, close - _pos).Append('"');
                _pos = close + 1;
            }
            else if (!char.IsWhiteSpace(c)) path.Append(c);
        }

        if (path.Length == 0) throw Error(column, "empty substitution: expected a path such as ${akka.loglevel}");
        Emit(HoconTokenKind.Substitution, path.ToString(), column, optional);
    }
}
