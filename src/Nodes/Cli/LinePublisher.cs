using System.Diagnostics;
using System.Text;
using Actors.Client;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>What a publish run did.</summary>
internal sealed record PublishResult(long Published, TimeSpan Elapsed, string? Error)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Published / Elapsed.TotalSeconds : Published;
}

/// <summary>
/// Publishes lines with up to <c>window</c> confirms outstanding, stopping at the first refusal (named by
/// its line number). Order per key holds: all publishes go through one connection and one router.
/// </summary>
internal sealed class LinePublisher(TopicClient topics, TopicName topic, string? keySeparator, int window, TimeSpan timeout)
{
    public async Task<PublishResult> RunAsync(TextReader reader, ProgressBar? progress, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(window);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        string? error = null;
        long lineNumber = 0, confirmed = 0, bytesRead = 0;

        async Task PublishOne(long number, string? key, byte[] payload)
        {
            try
            {
                await topics.PublishAsync(topic, payload, key, timeout: timeout, cancellationToken: failed.Token);
                Interlocked.Increment(ref confirmed);
            }
            catch (Exception e) when (e is TopicException or AskTimeoutException)
            {
                var reason = e is TopicException ? e.Message : $"no confirm within {timeout.TotalSeconds:0} s";
                Interlocked.CompareExchange(ref error, $"line {number}: {reason}", null);
                await failed.CancelAsync();
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                slots.Release();
            }
        }

        try
        {
            while (await reader.ReadLineAsync(failed.Token) is { } line)
            {
                lineNumber++;
                bytesRead += Encoding.UTF8.GetByteCount(line) + 1;
                var (key, body) = Split(line);
                await slots.WaitAsync(failed.Token);
                pending.Add(PublishOne(lineNumber, key, Encoding.UTF8.GetBytes(body)));
                if (pending.Count >= 4 * window) pending.RemoveAll(t => t.IsCompleted);
                progress?.Report(bytesRead, Interlocked.Read(ref confirmed), clock.Elapsed);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        await Task.WhenAll(pending);
        ct.ThrowIfCancellationRequested();
        progress?.Report(bytesRead, confirmed, clock.Elapsed);
        return new PublishResult(confirmed, clock.Elapsed, error);
    }

    private (string? Key, string Body) Split(string line)
    {
        if (string.IsNullOrEmpty(keySeparator)) return (null, line);
        var at = line.IndexOf(keySeparator, StringComparison.Ordinal);
        return at < 0 ? (null, line) : (line[..at], line[(at + keySeparator.Length)..]);
    }
}
