using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests;

/// <summary>
/// <c>actors node</c> before it starts anything, as a real process: help that lists every option and its
/// <c>ACTORS_*</c> variable, and bad configuration (a malformed or missing file, a seed of another actor
/// system) answered with one line on stderr naming the file and line, exit code 2, and no stack trace.
/// </summary>
public sealed class NodeCommandLineSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-cmdline-").FullName;

    [Theory]
    [InlineData("--help")]
    [InlineData("node --help")]
    public async Task Should_list_every_node_option_with_its_environment_variable(string commandLine)
    {
        // act
        var help = await CliProcess.RunAsync(_folder, commandLine.Split(' '), Wait);

        // assert
        Assert.Equal(0, help.ExitCode);
        foreach (var (option, variable) in new[]
                 {
                     ("--host", "ACTORS_HOST"), ("--port", "ACTORS_PORT"), ("--seed", "ACTORS_SEED"), ("--roles", "ACTORS_ROLES"),
                     ("--config", "ACTORS_CONFIG"), ("--system-name", "ACTORS_SYSTEM_NAME"), ("--tls-cert", "ACTORS_TLS_CERT"),
                     ("--tls-key", "ACTORS_TLS_KEY"), ("--tls-ca", "ACTORS_TLS_CA"), ("--tls-pfx", "ACTORS_TLS_PFX"),
                 })
            Assert.Matches($@"\n\s+(-\w, )?{option} <[^\n]*\[env {variable}", help.Output);
    }

    [Theory]
    [InlineData("akka {\n  cluster.roles = [broker\n}\n", 3)]
    [InlineData("akka {\n  loglevel = INFO\n", 3)]
    [InlineData("akka.loglevel = INFO\n}\n", 2)]
    [InlineData("a = 1\nb = ${no.such.key}\n", 2)]
    public async Task Should_reject_a_malformed_config_file_naming_file_and_line(string hocon, int line)
    {
        // arrange
        var path = Path.Combine(_folder, "broken.conf");
        await File.WriteAllTextAsync(path, hocon);

        // act
        var result = await CliProcess.RunAsync(_folder, ["node", "--port", "0", "--config", path], Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Matches($@"^error: {Regex.Escape(path)}:{line}:\d+: malformed HOCON: [^\n]+\n$", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Should_reject_a_missing_config_file_given_as_option_or_variable()
    {
        // arrange
        var path = Path.Combine(_folder, "no-such.conf");

        // act
        var option = await CliProcess.RunAsync(_folder, ["node", "--config", path], Wait);
        var variable = await CliProcess.RunAsync(_folder, [], Wait, new Dictionary<string, string> { ["ACTORS_CONFIG"] = path });

        // assert
        foreach (var result in new[] { option, variable })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: {path}: file not found\n", result.Error);
        }
    }

    [Fact]
    public async Task Should_reject_a_seed_of_another_actor_system()
    {
        // act
        var result = await CliProcess.RunAsync(_folder, ["node", "--seed", "akka.tcp://elsewhere@127.0.0.1:4053"], Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: seed akka.tcp://elsewhere@127.0.0.1:4053: its system name is 'elsewhere' but this node's is 'actors'", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
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
