namespace Actors.Hocon.Tests;

/// <summary>Optional substitutions as HOCON defines them: an undefined <c>${?X}</c> leaves the earlier value.</summary>
public sealed class HoconSubstitutionSpecs
{
    [Fact]
    public void Should_keep_the_earlier_value_when_an_optional_substitution_is_undefined()
    {
        var document = HoconDocument.Parse("path = \"default.txt\"\npath = ${?ACTORS_SPEC_SURELY_UNSET}\nother = ${?ACTORS_SPEC_SURELY_UNSET}", "x.conf").ResolveAll();

        Assert.Equal("default.txt", document.GetString("path"));
        Assert.False(document.HasPath("other"));
    }

    [Fact]
    public void Should_take_the_substitution_when_it_is_defined()
    {
        var document = HoconDocument.Parse("base = \"b.txt\"\npath = \"default.txt\"\npath = ${?base}", "x.conf").ResolveAll();

        Assert.Equal("b.txt", document.GetString("path"));
    }
}
