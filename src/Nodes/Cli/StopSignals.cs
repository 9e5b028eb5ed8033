using System.Runtime.InteropServices;

namespace Actors.Nodes.Cli;

/// <summary>
/// How <c>actors run</c> hears SIGINT (Ctrl-C) and SIGTERM while a pipeline runs here. A run cannot count on
/// System.CommandLine's token alone: the embedded node's generic host registers its own handlers for the same
/// signals, and once it has taken one it stops the node under the pipeline while the command's token stays
/// uncancelled, so an endless pipeline (a TCP source) never ended. This registers its own handlers, and also ends
/// the run when the command's token or a linked token (the host stopping) fires. The run then exits with the code
/// shells give a process stopped by the signal (<see cref="ExitCode"/>), the same whichever handler acted first.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationToken _command;
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TaskCompletionSource _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _signal;

    private StopSignals(CancellationToken command)
    {
        _command = command;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(command);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Starts listening; <paramref name="command"/> is the command's own token, which ends the run too.</summary>
    public static StopSignals Listen(CancellationToken command) => new(command);

    /// <summary>Cancelled when the run must stop.</summary>
    public CancellationToken Token => _stop.Token;

    public bool Stopped => _stop.IsCancellationRequested;

    /// <summary>
    /// 130 after SIGINT, 143 after SIGTERM (as System.CommandLine and shells report them), 130 when the command's
    /// token stopped the run; null when only a linked token did (the node stopped of itself: not a user's stop).
    /// </summary>
    public int? ExitCode => Volatile.Read(ref _signal) switch
    {
        (int)PosixSignal.SIGTERM => ExitCodes.Terminated,
        (int)PosixSignal.SIGINT => ExitCodes.Interrupted,
        _ => _command.IsCancellationRequested ? ExitCodes.Interrupted : null,
    };

    /// <summary>
    /// <see cref="ExitCode"/>, once the run has stopped. When only a linked token stopped it, a signal may still be on
    /// its way to this handler: when the host's handler runs first, it stops the node (and so the run) before this
    /// one has recorded the signal (CI saw <c>actors run</c> exit 1, "the embedded node stopped under the pipeline",
    /// on a SIGINT). So it waits up to <paramref name="grace"/> for one before it takes the stop for the node's own.
    /// </summary>
    public async Task<int?> ExitCodeAsync(TimeSpan grace)
    {
        if (ExitCode is { } code) return code;
        try
        {
            await _signalled.Task.WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            // No signal: the node stopped of itself.
        }

        return ExitCode;
    }

    /// <summary>Ends the run when <paramref name="token"/> fires as well (the embedded node's host stopping).</summary>
    public void Link(CancellationToken token) => token.Register(static state => ((StopSignals)state!).Cancel(), this);

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Cancel: the process ends when the run has stopped what it started, not at once.
        context.Cancel = true;
        Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0);
        _signalled.TrySetResult();
        Cancel();
    }

    private void Cancel()
    {
        // Off the signal-handling thread: the callbacks of the token stop the graph, which may take a moment.
        _ = Task.Run(() =>
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended first.
            }
        });
    }
}
