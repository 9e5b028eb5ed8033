using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests;

/// <summary>
/// The exit-code map every command shares, at its edge: arguments that do not parse are bad input like any
/// other, one line on stderr and exit 2, not the help page and System.CommandLine's own code.
/// </summary>
public sealed class CliExitCodeSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-exit-").FullName;

    [Theory]
    [InlineData("publish", "actors publish")] // the topic argument is missing
    [InlineData("topics --timeout soon", "actors topics")]
    [InlineData("consume orders --prefetch many", "actors consume")]
    [InlineData("pipelines stop", "actors pipelines stop")]
    public async Task Should_answer_arguments_that_do_not_parse_with_one_line_and_exit_2(string commandLine, string command)
    {
        // act
        var result = await CliProcess.RunAsync(_folder, commandLine.Split(' '), Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Matches($@"^error: [^\n]+ \(see `{command} --help`\)\n$", result.Error);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("consume orders --max 0 --node 127.0.0.1:1", "actors consume", "--max must be at least 1, was 0")]
    [InlineData("consume orders --max -1 --node 127.0.0.1:1", "actors consume", "--max must be at least 1, was -1")]
    [InlineData("publish orders --partitions 0 --node 127.0.0.1:1", "actors publish", "--partitions must be at least 1, was 0")]
    [InlineData("publish orders --partitions -1 --node 127.0.0.1:1", "actors publish", "--partitions must be at least 1, was -1")]
    [InlineData("node --port 99999", "actors node", "'99999' is not a port number (0-65535; 0 picks a free one)")]
    [InlineData("node --port abc", "actors node", "'abc' is not a port number (0-65535; 0 picks a free one)")]
    public async Task Should_refuse_values_that_can_never_work_with_one_line_before_anything_starts(string commandLine, string command, string reason)
    {
        // act: no node listens at 127.0.0.1:1, so a command that went on would report that instead
        var result = await CliProcess.RunAsync(_folder, commandLine.Split(' '), Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {reason} (see `{command} --help`)\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("node")]
    [InlineData("")]
    public async Task Should_refuse_a_malformed_port_variable_with_one_line_not_a_stack_trace(string command)
    {
        // act
        var result = await CliProcess.RunAsync(_folder, command.Length == 0 ? [] : [command], Wait, new Dictionary<string, string> { ["ACTORS_PORT"] = "70000" });

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: ACTORS_PORT: '70000' is not a port number (0-65535)\n", result.Error);
    }

    [Theory]
    [InlineData("pubish x", "unknown command 'pubish'; did you mean 'publish'?")]
    [InlineData("grups", "unknown command 'grups'; did you mean 'groups'?")]
    [InlineData("pub x", "unknown command 'pub'; did you mean 'publish'?")] // a prefix
    [InlineData("topics descibe t", "unknown command 'descibe'; did you mean 'describe'?")] // taken as the topic argument
    [InlineData("dlq redrv t", "unknown command 'redrv'; did you mean 'redrive'?")]
    [InlineData("cluster lev akka.tcp://actors@127.0.0.1:1", "unknown command 'lev'; did you mean 'leave'?")]
    [InlineData("xyzzy", "unknown command 'xyzzy' (see `actors --help`)")]
    [InlineData("cluster frobnicate", "unknown command 'frobnicate' (see `actors cluster --help`)")]
    public async Task Should_answer_a_mistyped_command_with_one_line_naming_the_closest_command(string commandLine, string line)
    {
        // act
        var result = await CliProcess.RunAsync(_folder, commandLine.Split(' '), Wait);

        // assert: one line, not the help page, and exit 2 like any bad input
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {line}\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("publish orders")]
    [InlineData("consume orders")]
    [InlineData("topics")]
    [InlineData("topics describe orders")]
    [InlineData("topics create orders")]
    [InlineData("topics delete orders")]
    [InlineData("cluster")]
    [InlineData("cluster leave akka.tcp://actors@127.0.0.1:1")]
    [InlineData("groups")]
    [InlineData("groups describe readers")]
    [InlineData("groups reset readers --topic orders --to earliest")]
    [InlineData("dlq redrive orders")]
    [InlineData("pipelines")]
    [InlineData("pipelines stop counts")]
    [InlineData("run PIPELINE")]
    public async Task Should_exit_2_with_one_line_naming_the_node_for_every_client_command_when_nothing_listens_there(string commandLine)
    {
        // arrange: a free port, so nothing listens there; publish gets lines on standard input, as it would in use
        var node = $"127.0.0.1:{FreePort.Next()}";
        var pipeline = Path.Combine(AppContext.BaseDirectory, "hocon", "pipelines", "word-count.conf");
        string[] args = [.. commandLine.Split(' ').Select(a => a == "PIPELINE" ? pipeline : a), "--node", node];

        // act
        var result = await CliProcess.RunAsync(_folder, args, Wait, input: "one\ntwo\n");

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Matches($@"^error: [^\n]*\b{Regex.Escape(node)}\b[^\n]*\n$", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Should_still_print_help_for_a_command_with_a_missing_argument()
    {
        var help = await CliProcess.RunAsync(_folder, ["run", "--help"], Wait);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--seed", help.Output);
        Assert.Contains("[env ACTORS_NODE; default 127.0.0.1:4053]", (await CliProcess.RunAsync(_folder, ["publish", "--help"], Wait)).Output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
