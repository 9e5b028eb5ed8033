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
        using var process = Process.Start(StartInfo(workingDirectory, args, environment))!;
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
    /// Starts the command in a pseudo-terminal and leaves it running: what it prints (control sequences kept) is in
    /// <see cref="Session.RawOutput"/>, and keys typed on the terminal go in with <see cref="Session.TypeAsync"/>.
    /// </summary>
    public static Session Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        new(Process.Start(StartInfo(workingDirectory, args, environment))!);

    /// <summary><paramref name="raw"/> as the user reads it: <c>\n</c> line ends, no control sequences.</summary>
    public static string Readable(string raw) => ControlSequence().Replace(raw.ReplaceLineEndings("\n"), "");

    /// <summary>A command running in a pseudo-terminal; disposing kills what still runs.</summary>
    public sealed class Session : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly Task _reading;

        internal Session(Process process)
        {
            _process = process;
            _reading = Task.Run(async () =>
            {
                var buffer = new char[4096];
                int read;
                while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
                    lock (_output) _output.Append(buffer, 0, read);
            });
        }

        public string RawOutput
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        public bool HasExited => _process.HasExited;

        /// <summary>Types <paramref name="keys"/> on the terminal.</summary>
        public async Task TypeAsync(string keys)
        {
            await _process.StandardInput.WriteAsync(keys);
            await _process.StandardInput.FlushAsync();
        }

        /// <summary>The command's exit code once it has ended (and its output is all read); a timeout if it outlives <paramref name="timeout"/>.</summary>
        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(deadline.Token);
            await _reading.WaitAsync(deadline.Token);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
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
        return start;
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
