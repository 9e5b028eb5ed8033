using System.CommandLine;
using System.CommandLine.Parsing;

namespace Actors.Nodes.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for the client commands (<c>publish</c>, <c>consume</c>, <c>topics</c>, ...).
/// System.CommandLine 2.0 leaves signals alone unless asked (its <c>ProcessTerminationTimeout</c> is null by
/// default), so SIGINT killed a client command outright: no resume hint from <c>publish</c>, no acks waited for by
/// <c>consume</c>, and a death by signal where the README promises exit 130. This cancels the command's token
/// instead (<see cref="StopSignals"/>), lets the command say where it got to, and exits 130 after SIGINT, 143 after
/// SIGTERM; a command still busy <see cref="Grace"/> after the signal exits anyway. <c>node</c> (its host) and
/// <c>run</c> (<see cref="PipelineRun"/>) handle the signals themselves.
/// </summary>
internal static class ClientStop
{
    /// <summary>How long a stopped command may take to report, before the process exits without it.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public static async Task<int> InvokeAsync(ParseResult parsed)
    {
        if (HandlesSignalsItself(parsed.CommandResult)) return await parsed.InvokeAsync();
        using var signals = StopSignals.Listen(CancellationToken.None);
        var command = parsed.InvokeAsync(cancellationToken: signals.Token);
        var stopped = new TaskCompletionSource();
        await using var registration = signals.Token.Register(() => stopped.TrySetResult());
        var late = stopped.Task.ContinueWith(_ => Task.Delay(Grace), TaskScheduler.Default).Unwrap();
        if (await Task.WhenAny(command, late) != command) return signals.ExitCode ?? ExitCodes.Interrupted;
        var code = await command;
        return signals.ExitCode ?? code;
    }

    /// <summary>The root command and <c>node</c> run a node, whose host hears the signals; <c>run</c> listens itself.</summary>
    private static bool HandlesSignalsItself(CommandResult command) =>
        command.Parent is not CommandResult parent || (parent.Parent is null && command.Command.Name is "node" or "run");
}
