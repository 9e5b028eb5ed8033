using System.Globalization;

namespace Actors.Hocon.Tests;

/// <summary>
/// An error line quotes at most about 80 characters of the offending text, escaped: a fuzzed file once gave a
/// 1,000,113-character error line, and others printed NUL bytes to the terminal.
/// </summary>
public sealed class HoconErrorTextSpecs
{
    private static readonly string Huge = new('x', 1_000_000);

    [Theory]
    [InlineData("{0} 1")] // a key without '='
    [InlineData("a = 1\n{0}")] // a key at the end of the file
    [InlineData("a.{0}..b = 1")] // a key with an empty segment
    [InlineData("a = ${{{0}}}")] // an unresolved substitution
    [InlineData("a = ${{{0}}}\nb = ${{a}}")] // the same, reached through another
    public void Should_quote_at_most_eighty_characters_of_a_million_character_token(string template)
    {
        var text = string.Format(CultureInfo.InvariantCulture, template, Huge);

        var error = Assert.ThrowsAny<HoconException>(() => HoconDocument.Parse(text, "huge.conf").ResolveAll());

        Assert.True(error.Message.Length < 250, $"an error line of {error.Message.Length} characters: {HoconText.Quote(error.Message, 200)}");
        Assert.DoesNotContain(new string('x', 81), error.Message);
        Assert.Contains(new string('x', 70) + "...", error.Message);
    }

    [Fact]
    public void Should_quote_at_most_eighty_characters_of_a_million_character_value_of_the_wrong_type()
    {
        var document = HoconDocument.Parse($"n = {Huge}", "huge.conf").ResolveAll();

        var error = Assert.Throws<HoconException>(() => document.GetInt("n"));

        Assert.Equal($"huge.conf:1:5: 'n' must be an integer, found \"{new string('x', 80)}...\"", error.Message);
    }

    [Fact]
    public void Should_cut_a_long_key_in_the_error_about_it()
    {
        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Parse(Huge + " 1", "huge.conf"));

        Assert.Equal($"huge.conf:1:1000003: expected '=', ':' or '{{' after key '\"{new string('x', 79)}...', found end of file", error.Message);
    }

    [Fact]
    public void Should_escape_nul_and_control_characters_in_the_text_it_quotes()
    {
        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Parse("a\0b\u0001c\u001bX 1", "nul.conf"));

        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
        Assert.Contains("a\\u0000b\\u0001c\\u001BX", error.Message);
    }

    [Fact]
    public void Should_escape_a_nul_in_a_wrong_value_read_as_a_number()
    {
        var document = HoconDocument.Parse("n = \"4\\u0000x\"", "n.conf").ResolveAll();

        var error = Assert.Throws<HoconException>(() => document.GetInt("n"));

        Assert.Equal("n.conf:1:5: 'n' must be an integer, found \"4\\u0000x\"", error.Message);
    }

    [Fact]
    public void Should_never_print_control_characters_even_where_no_call_site_quoted()
    {
        var error = new HoconException(new HoconPosition("x.conf", 1, 1), "bad \0 value " + Huge);

        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
        // 1,000 characters kept, the NUL among them written as six, and the ellipsis.
        Assert.True(error.Message.Length <= 1010, $"{error.Message.Length} characters");
    }

    [Theory]
    [InlineData("short", "short")]
    [InlineData("tab\there", "tab\\u0009here")]
    [InlineData("\u2028", "\\u2028")]
    [InlineData("😀", "😀")] // a pair stays
    public void Should_quote_text_escaped(string text, string quoted) => Assert.Equal(quoted, HoconText.Quote(text));

    [Fact]
    public void Should_escape_a_lone_surrogate_and_half_a_pair_left_at_the_cut()
    {
        Assert.Equal("\\uD800x", HoconText.Quote("\ud800x"));
        Assert.Equal("ab\\uD83D...", HoconText.Quote("ab😀", max: 3));
    }
}
