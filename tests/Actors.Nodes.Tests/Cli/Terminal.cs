using System.Diagnostics;
using System.Text.RegularExpressions;
using Actors.Testing;

namespace Actors.Nodes.Tests.Cli;

/// <summary>
/// Runs the built <c>actors</c> command in a pseudo-terminal (util-linux <c>script -qec</c>), as it runs in a user's
/// shell: what a command does only on a terminal (tables, progress, colours) happens here. Standard output and
/// error both arrive on the terminal, as <see cref="CliResult.Output"/> with the terminal's line ends made
/// <c>\n</c> and the control sequences the terminal would act on removed, so it reads as the user sees it; the exit
/// code is the command's (<c>-e</c>). Only the <c>ACTORS_*</c> variables given are set.
/// </summary>
internal static partial class Terminal
{
    public static async Task<CliResult> RunAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "Actors.Nodes");
        var start = new ProcessStartInfo("script")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-qec", string.Join(' ', args.Prepend(apphost).Select(Quote)), "/dev/null"]) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ACTORS_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'actors {string.Join(' ', args)}' in a terminal did not finish within {timeout.TotalSeconds} s");
        }

        return new CliResult(process.ExitCode, ControlSequence().Replace((await output).ReplaceLineEndings("\n"), ""), await error);
    }

    /// <summary>
    /// What the terminal takes and never shows: .NET switches a terminal to application keypad mode
    /// (<c>ESC [?1h ESC =</c>) as the console starts, and a command may move the cursor or set colours.
    /// </summary>
    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex ControlSequence();

    /// <summary>A word for <c>sh -c</c>: in single quotes, with single quotes inside closed, escaped and reopened.</summary>
    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
