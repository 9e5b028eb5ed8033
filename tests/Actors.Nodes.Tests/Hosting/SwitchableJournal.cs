using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Actors.Nodes.Tests.Hosting;

/// <summary>
/// An in-memory journal whose writes behave as its plugin config says: <c>mode = ok</c>, <c>slow</c> (each write
/// completes after <c>delay</c>) or <c>failing</c> (each write throws, as a read-only disk would). Counts the
/// writes it completed, so a spec can wait for some to have happened instead of sleeping.
/// </summary>
public sealed class SwitchableJournal : MemoryJournal
{
    private static int _completed;
    private readonly string _mode;
    private readonly TimeSpan _delay;

    public SwitchableJournal(Config config)
    {
        _mode = config.GetString("mode", "ok");
        _delay = config.GetTimeSpan("delay", TimeSpan.Zero);
    }

    /// <summary>Writes completed by every instance in this process (specs of this kind run one at a time).</summary>
    public static int Completed => Volatile.Read(ref _completed);

    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        if (_mode == "failing") throw new IOException("attempt to write a readonly database");
        if (_mode == "slow") await Task.Delay(_delay, cancellationToken);
        var result = await base.WriteMessagesAsync(messages, cancellationToken);
        Interlocked.Increment(ref _completed);
        return result;
    }
}
