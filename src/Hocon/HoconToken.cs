namespace Actors.Hocon;

internal enum HoconTokenKind
{
    End,
    Newline,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Unquoted,
    Quoted,
    TripleQuoted,
    Substitution,
}

/// <summary>
/// One lexical token. <see cref="Space"/> is the whitespace just before it on the same line, kept because
/// HOCON value concatenation (<c>4 MiB</c>) preserves the spaces between the parts.
/// </summary>
internal readonly record struct HoconToken(HoconTokenKind Kind, string Text, int Line, int Column, string Space, bool Optional = false)
{
    public bool IsSimpleValue => Kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.End => "end of file",
        HoconTokenKind.Newline => "end of line",
        HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted => $"string \"{HoconText.Quote(Text)}\"",
        HoconTokenKind.Substitution => $"${{{(Optional ? "?" : "")}{HoconText.Quote(Text)}}}",
        _ => $"'{HoconText.Quote(Text)}'",
    };
}
