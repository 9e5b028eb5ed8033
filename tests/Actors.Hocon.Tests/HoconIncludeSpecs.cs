namespace Actors.Hocon.Tests;

/// <summary>
/// <c>include</c> as HOCON defines it for files. Before, every include was skipped without a word, so even
/// <c>include required("missing.conf")</c> gave a "valid" file.
/// </summary>
public sealed class HoconIncludeSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-include-").FullName;

    [Fact]
    public void Should_merge_an_included_file_where_the_include_stands_relative_to_the_including_file()
    {
        // arrange: the including file in a subfolder, its include relative to that folder, not the current one
        Write("conf/common.conf", "shared { size = 3, name = common }\nlevel = low");
        var main = Write("conf/main.conf", "include \"common.conf\"\nshared.name = main\nlevel = ${shared.size}");

        // act
        var document = HoconDocument.Load(main).ResolveAll();

        // assert: merged as if written there; later fields win
        Assert.Equal(3, document.GetInt("shared.size"));
        Assert.Equal("main", document.GetString("shared.name"));
        Assert.Equal("3", document.GetString("level"));
        Assert.Equal([Path.Combine(_folder, "conf", "common.conf")], document.Includes);
    }

    [Theory]
    [InlineData("include file(\"part.conf\")")]
    [InlineData("include required(file(\"part.conf\"))")]
    [InlineData("include required(\"part.conf\")")]
    [InlineData("include required( file( \"part\" ) )")] // no extension: .conf is tried
    public void Should_read_every_form_of_a_file_include(string include)
    {
        Write("part.conf", "x = 1");
        var main = Write("main.conf", include);

        Assert.Equal(1, HoconDocument.Load(main).ResolveAll().GetInt("x"));
    }

    [Fact]
    public void Should_mount_an_included_file_inside_the_object_that_includes_it()
    {
        Write("db.conf", "host = localhost\nurl = ${host}\":5432\"");
        var main = Write("main.conf", "database { include \"db.conf\" }\nhost = elsewhere");

        var document = HoconDocument.Load(main).ResolveAll();

        Assert.Equal("localhost", document.GetString("database.host"));
        // ${host} in the included file means its own host first (HOCON's rule), the root's only if it has none.
        Assert.Equal("localhost:5432", document.GetString("database.url"));
    }

    [Fact]
    public void Should_ignore_a_missing_include_that_is_not_required()
    {
        var main = Write("main.conf", "include \"missing.conf\"\na = 1");

        Assert.Equal(1, HoconDocument.Load(main).ResolveAll().GetInt("a"));
    }

    [Fact]
    public void Should_refuse_a_missing_required_include_at_its_line()
    {
        var main = Write("main.conf", "a = 1\ninclude required(\"missing.conf\")");

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Load(main));

        Assert.StartsWith($"{main}:2:1: required include \"missing.conf\" not found (looked for ", error.Message);
    }

    [Fact]
    public void Should_refuse_an_include_cycle()
    {
        Write("a.conf", "include \"b.conf\"");
        Write("b.conf", "x = 1\ninclude \"a.conf\"");
        var a = Path.Combine(_folder, "a.conf");

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Load(a));

        Assert.Equal($"{Path.Combine(_folder, "b.conf")}:2:1: include cycle: \"a.conf\" is already being read (a.conf -> b.conf -> a.conf)", error.Message);
    }

    [Fact]
    public void Should_refuse_a_chain_of_includes_longer_than_sixteen_files()
    {
        for (var i = 0; i < 20; i++) Write($"f{i}.conf", $"include \"f{i + 1}.conf\"\nk{i} = {i}");
        Write("f20.conf", "end = true");

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Load(Path.Combine(_folder, "f0.conf")));

        Assert.Contains("includes nested more than 16 files deep", error.Message);
    }

    [Fact]
    public void Should_count_nesting_across_included_files()
    {
        Write("deep.conf", "a = " + new string('[', 60) + new string(']', 60));
        var main = Write("main.conf", "x { y { " + string.Concat(Enumerable.Repeat("z { ", 40)) + "include \"deep.conf\" " + new string('}', 42) + " }");

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Load(main));

        Assert.StartsWith(Path.Combine(_folder, "deep.conf") + ":1:", error.Message);
        Assert.Contains("nested deeper than 100 levels", error.Message);
    }

    [Theory]
    [InlineData("include url(\"http://example.com/a.conf\")", "include url(...) is not supported")]
    [InlineData("include classpath(\"a.conf\")", "include classpath(...) is not supported")]
    [InlineData("include required(classpath(\"a.conf\"))", "include classpath(...) is not supported")]
    [InlineData("include file(\"a.conf\") junk", "malformed include")]
    public void Should_refuse_what_cannot_be_included_with_a_line(string include, string problem)
    {
        var main = Write("main.conf", "a = 1\n" + include);

        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Load(main));

        Assert.StartsWith($"{main}:2:1: {problem}", error.Message);
    }

    [Fact]
    public void Should_refuse_an_include_in_text_not_read_from_a_file()
    {
        var error = Assert.Throws<HoconSyntaxException>(() => HoconDocument.Parse("include \"a.conf\"", "submitted.conf"));

        Assert.StartsWith("submitted.conf:1:1: include is not possible here", error.Message);
    }

    [Fact]
    public void Should_render_the_merged_document_for_a_reader_that_cannot_follow_includes()
    {
        Write("common.conf", "shared { size = 3, on = true, name = \"a \\\"b\\\"\" }\nlist = [1, two]");
        var main = Write("main.conf", "include \"common.conf\"\ncopy = ${shared.size}");

        var rendered = HoconDocument.Load(main).ResolveAll().Render();
        var again = HoconDocument.Parse(rendered, "rendered.conf").ResolveAll();

        Assert.Equal(3, again.GetInt("copy"));
        Assert.True(again.GetBoolean("shared.on"));
        Assert.Equal("a \"b\"", again.GetString("shared.name"));
        Assert.Equal(["1", "two"], again.GetStringList("list"));
        Assert.Equal(3, ConfigurationFactory.ParseString(rendered).GetInt("shared.size"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
