using System.Text;
using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests;

/// <summary>
/// Hostile HOCON through the real executable. A pipeline file of ten thousand '[' (20 KB) killed
/// <c>actors run FILE --check</c> with a stack overflow (exit 134, no message), and a node reading such a config
/// file died the same way; an error line once quoted a million-character token whole, NUL bytes included; and
/// <c>include required("missing.conf")</c> was skipped and the file called valid. Each is now one line, exit 2.
/// </summary>
public sealed class HoconLimitCliSpecs : IDisposable
{
    private const int Levels = 10_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new("hocon-limits");

    [Theory]
    [InlineData("arrays", "nested deeper than 100 levels")]
    [InlineData("objects", "nested deeper than 100 levels")]
    [InlineData("substitutions", "a chain of more than 100 substitutions")]
    public async Task Should_refuse_ten_thousand_levels_in_a_pipeline_file_with_one_line_and_exit_2(string of, string problem)
    {
        var file = await _folder.WriteAsync("deep.conf", Deep(of));

        var check = await CliProcess.RunAsync(_folder.Path, ["run", file, "--check"], Wait);

        Assert.Equal(2, check.ExitCode);
        Assert.Matches($@"^error: {Regex.Escape(file)}:\d+:\d+: [^\n]*{problem}[^\n]*\n$", check.Error);
        Assert.Equal("", check.Output);
    }

    [Theory]
    [InlineData("arrays", "nested deeper than 100 levels")]
    [InlineData("objects", "nested deeper than 100 levels")]
    [InlineData("substitutions", "a chain of more than 100 substitutions")]
    public async Task Should_refuse_ten_thousand_levels_in_a_node_config_file_with_one_line_and_exit_2(string of, string problem)
    {
        var file = await _folder.WriteAsync("node-deep.conf", Deep(of));

        var node = await CliProcess.RunAsync(_folder.Path, ["node", "--port", "0", "--config", file], Wait);

        Assert.Equal(2, node.ExitCode);
        Assert.Matches($@"^error: {Regex.Escape(file)}:\d+:\d+: malformed HOCON: [^\n]*{problem}[^\n]*\n$", node.Error);
    }

    [Fact]
    public async Task Should_quote_a_million_character_token_and_nul_bytes_short_and_escaped()
    {
        var file = await _folder.WriteAsync("huge.conf", "pipeline {\n  source { type = \"" + new string('x', 1_000_000) + "\0\" }\n  sink { type = stdout }\n}\n");

        var check = await CliProcess.RunAsync(_folder.Path, ["run", file, "--check"], Wait);

        Assert.Equal(2, check.ExitCode);
        var line = Assert.Single(check.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(line.Length < 300, $"an error line of {line.Length} characters");
        Assert.DoesNotContain(line, c => char.IsControl(c));
        Assert.Contains("unknown source type '" + new string('x', 80) + "...'", line);
    }

    [Fact]
    public async Task Should_refuse_a_missing_required_include_and_follow_a_present_one()
    {
        await _folder.WriteAsync("source.conf", "source { type = file, path = x }");
        var missing = await _folder.WriteAsync("missing.conf", "pipeline {\n  include required(\"no-such.conf\")\n  sink { type = stdout }\n}\n");
        var present = await _folder.WriteAsync("present.conf", "pipeline {\n  include required(file(\"source.conf\"))\n  sink { type = stdout }\n}\n");

        var refused = await CliProcess.RunAsync(_folder.Path, ["run", missing, "--check"], Wait);
        var valid = await CliProcess.RunAsync(_folder.Path, ["run", present, "--check"], Wait);

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"error: {missing}:2:3: required include \"no-such.conf\" not found", refused.Error);
        Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, valid.ExitCode);
        Assert.Equal($"{present}: pipeline 'present' is valid: file -> stdout\n", valid.Error);
    }

    [Fact]
    public async Task Should_start_a_node_with_what_its_config_file_includes()
    {
        // arrange: the roles come only from the included file, relative to the including one
        Directory.CreateDirectory(_folder.File("conf"));
        await _folder.WriteAsync("conf/roles.conf", "akka.cluster.roles = [included-role]");
        var config = await _folder.WriteAsync("conf/node.conf", "include required(file(\"roles.conf\"))\nakka.loglevel = INFO");

        // act
        using var node = CliProcess.Start(_folder.Path, ["node", "--port", "0", "--config", config]);
        var starting = await node.WaitForLineAsync("node starting at", Wait);

        // assert
        Assert.Contains("included-role", starting);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Ten thousand levels of <paramref name="of"/>: arrays, objects, or substitutions that lead one to the next.</summary>
    private static string Deep(string of) => of switch
    {
        "arrays" => "a = " + new string('[', Levels) + new string(']', Levels),
        "objects" => "a = " + Repeat("{ b = ", Levels) + "1" + new string('}', Levels),
        _ => Chain(),
    };

    private static string Chain()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Levels; i++) text.Append($"a{i} = ${{a{i + 1}}}\n");
        return text.Append($"a{Levels} = 1\n").ToString();
    }

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();
}
