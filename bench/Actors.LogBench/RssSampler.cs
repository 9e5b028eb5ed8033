namespace Actors.LogBench;

/// <summary>The node's resident set, read from /proc every second while a phase runs: the highest and the last sample.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly ActorsNodeProcess _node;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public RssSampler(ActorsNodeProcess node)
    {
        _node = node;
        _sampling = SampleAsync();
    }

    /// <summary>The highest sample so far (read it after <see cref="DisposeAsync"/> for the whole phase).</summary>
    public double MaxMiB { get; private set; }

    public double LastMiB { get; private set; }

    public int Samples { get; private set; }

    private void SampleNow()
    {
        var rss = _node.RssMiB();
        LastMiB = rss;
        MaxMiB = Math.Max(MaxMiB, rss);
        Samples++;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do SampleNow();
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
