using System.Text;

namespace Actors.Hocon.Tests;

/// <summary>
/// Ten thousand levels of arrays, objects, dotted keys or substitutions (a 20 KB file) overflowed the recursive
/// parser's stack and killed the process with no message. Each is now one error at the place that crossed the
/// bound of 100 levels, and what stays within it still reads.
/// </summary>
public sealed class HoconDepthSpecs
{
    private const int Levels = 10_000;

    [Fact]
    public void Should_refuse_ten_thousand_nested_arrays_at_the_bracket_past_the_bound()
    {
        var text = "a = " + new string('[', Levels) + new string(']', Levels);

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Parse(text, "deep.conf"));

        // "a = " is 4 characters, so the 101st '[' is at column 105.
        Assert.Equal("deep.conf:1:105: nested deeper than 100 levels (objects, arrays and dotted keys count); flatten the structure", error.Message);
    }

    [Fact]
    public void Should_refuse_ten_thousand_nested_objects()
    {
        var text = "a = " + Repeat("{ b = ", Levels) + "1" + new string('}', Levels);

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Parse(text, "deep.conf"));

        Assert.Contains("nested deeper than 100 levels", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Should_refuse_ten_thousand_objects_opened_without_equals_signs_on_many_lines()
    {
        var text = Repeat("a {\n", Levels) + new string('}', Levels);

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Parse(text, "deep.conf"));

        Assert.Equal(101, error.Line);
        Assert.Contains("nested deeper than 100 levels", error.Message);
    }

    [Fact]
    public void Should_refuse_a_dotted_key_of_ten_thousand_segments()
    {
        var text = "a" + Repeat(".b", Levels) + " = 1";

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Parse(text, "deep.conf"));

        Assert.Equal("deep.conf:1:1: nested deeper than 100 levels (objects, arrays and dotted keys count); flatten the structure", error.Message);
    }

    [Fact]
    public void Should_refuse_a_chain_of_ten_thousand_substitutions_at_the_one_past_the_bound()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Levels; i++) text.Append($"a{i} = ${{a{i + 1}}}\n");
        text.Append($"a{Levels} = 1\n");

        var document = HoconDocument.Parse(text.ToString(), "chain.conf");
        var error = Assert.Throws<HoconSyntaxException>(() => document.ResolveAll());

        Assert.StartsWith("chain.conf:", error.Message);
        Assert.Contains("a chain of more than 100 substitutions", error.Message);
    }

    [Fact]
    public void Should_refuse_objects_that_substitutions_nest_ten_thousand_deep()
    {
        // Each line is shallow; resolved, l10000 is ten thousand objects deep.
        var text = new StringBuilder("l0 = 1\n");
        for (var i = 1; i <= Levels; i++) text.Append($"l{i} = {{ x = ${{l{i - 1}}} }}\n");

        var document = HoconDocument.Parse(text.ToString(), "built.conf");
        var error = Assert.Throws<HoconSyntaxException>(() => document.ResolveAll());

        Assert.Contains("nested deeper than 100 levels once substitutions are resolved", error.Message);
    }

    [Fact]
    public void Should_refuse_ten_thousand_optional_substitutions_written_over_one_value()
    {
        var text = "a = 1\n" + Repeat("a = ${?ACTORS_SPEC_SURELY_UNSET}\n", Levels);

        var document = HoconDocument.Parse(text, "over.conf");
        var error = Assert.Throws<HoconSyntaxException>(() => document.ResolveAll());

        Assert.Contains("a chain of more than 100 substitutions", error.Message);
    }

    [Fact]
    public void Should_append_ten_thousand_times_to_a_substitution_without_nesting()
    {
        // Each += once wrapped the value before it: resolving it descended ten thousand levels.
        var text = "base = [0]\na = ${base}\n" + Repeat("a += 1\n", Levels);

        var document = HoconDocument.Parse(text, "append.conf").ResolveAll();

        Assert.Equal(Levels + 1, document.GetArray("a").Items.Count);
    }

    [Fact]
    public void Should_read_what_nests_exactly_to_the_bound()
    {
        var text = "a = " + new string('[', 99) + "1" + new string(']', 99) + "\nb" + Repeat(".b", 99) + " = 2";

        var document = HoconDocument.Parse(text, "edge.conf").ResolveAll();

        Assert.True(document.HasPath("a"));
        Assert.Equal(2, document.GetInt("b" + Repeat(".b", 99)));
    }

    [Fact]
    public void Should_refuse_a_text_over_four_mebibytes_before_reading_it()
    {
        var text = "a = \"" + new string('x', (4 * 1024 * 1024) + 1) + "\"";

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Parse(text, "big.conf"));

        Assert.StartsWith("big.conf:1:1: the text is ", error.Message);
        Assert.EndsWith("over the limit of 4 MiB", error.Message);
    }

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();
}
