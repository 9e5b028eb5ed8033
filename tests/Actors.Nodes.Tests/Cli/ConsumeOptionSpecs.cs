using Actors.Testing;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// <c>actors consume --prefetch</c> below 1 can never work (a partition would deliver nothing); it was silently
/// taken as 1, and is now refused while parsing, one line and exit 2, before any node is contacted. So is a value
/// that is no number, for every option checked with <c>OptionChecks.AtLeast</c>.
/// </summary>
public sealed class ConsumeOptionSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new("consume-options");

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-2147483648")]
    public async Task Should_refuse_a_prefetch_below_one_with_one_line(string prefetch)
    {
        // act: no node listens at 127.0.0.1:1, so a command that went on would report that instead
        var result = await CliProcess.RunAsync(_folder.Path, ["consume", "orders", "--prefetch", prefetch, "--node", "127.0.0.1:1"], Wait);

        // assert
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --prefetch must be at least 1, was {prefetch} (see `actors consume --help`)\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("--max", "abc")] // crashed with a stack trace: the check read a value the parser had refused
    [InlineData("--prefetch", "many")] // named a .NET type: 'System.Int32'
    [InlineData("--prefetch", "99999999999")]
    public async Task Should_refuse_a_value_that_is_no_number_with_one_line_naming_no_type(string option, string value)
    {
        var result = await CliProcess.RunAsync(_folder.Path, ["consume", "orders", option, value, "--node", "127.0.0.1:1"], Wait);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {option} must be a whole number, was '{value}' (see `actors consume --help`)\n", result.Error);
        Assert.Equal("", result.Output);
    }

    public void Dispose() => _folder.Dispose();
}
