using System.Diagnostics;

namespace Actors.Testing;

/// <summary>
/// Runs a real Kafka client program (kcat, Debian's python3 with python3-kafka) with a timeout, capturing its
/// output; the process is killed if it outlives the timeout, so a client that hangs fails the spec instead of
/// stalling it. A missing program fails with the install line that .ci/run uses.
/// </summary>
public static class ExternalTool
{
    /// <summary>What a run printed and how it ended.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    /// <summary>The path of <paramref name="program"/>; fails the spec naming the Debian package when it is missing.</summary>
    public static string Require(string program, string package)
    {
        if (File.Exists(program)) return program;
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            $"{program} is not installed: apt-get install -y {package} (.ci/kafka-clients.sh does it for .ci/run)");
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
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
            await process.WaitForExitAsync();
            throw new TimeoutException($"{program} did not finish in {timeout.TotalSeconds} s\n{await output}\n{await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }
}
