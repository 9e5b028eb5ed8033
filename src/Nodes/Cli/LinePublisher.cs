using System.Diagnostics;
using System.Globalization;
using System.Text;
using Actors.Client;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// What a publish run did: how many lines were confirmed, and when it stopped early, the first line that is not
/// confirmed (every line before it is) and why, and whether publishing again from there can succeed.
/// </summary>
internal sealed record PublishResult(long Published, TimeSpan Elapsed, PublishFailure? Failure)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Published / Elapsed.TotalSeconds : Published;
}

/// <summary>Line <paramref name="Line"/> was not confirmed because of <paramref name="Reason"/>; <paramref name="Resumable"/> unless the line itself is wrong.</summary>
internal sealed record PublishFailure(long Line, string Reason, bool Resumable);

/// <summary>
/// Publishes lines of bytes (<see cref="ByteLines"/>) with up to <c>window</c> confirms outstanding, through the
/// client's idempotent producer, which keeps each key's lines in order and resends through another node when the
/// client's node fails. A line gives up only after <c>giveUpAfter</c> without a confirm, or when refused; then no
/// further line is sent, the lines on their way are waited for, and the result names the first unconfirmed line, so
/// that publishing again from there (<c>--resume-from</c>) loses nothing. Lines before <c>resumeFrom</c> are skipped.
/// </summary>
internal sealed class LinePublisher(TopicClient topics, TopicName topic, string? keySeparator, int window, TimeSpan giveUpAfter, long resumeFrom,
    int maxMessageBytes)
{
    /// <summary>
    /// How long, after Ctrl-C, the lines already sent may take to be confirmed before they count as unconfirmed: most
    /// are stored and their confirms on the way, and each one confirmed is a line a resumed run need not send again
    /// (a copy stored twice). Well inside <see cref="ClientStop"/>'s grace, so the run still reports.
    /// </summary>
    private static readonly TimeSpan DrainOnInterrupt = TimeSpan.FromSeconds(5);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _separator = string.IsNullOrEmpty(keySeparator) ? [] : Encoding.UTF8.GetBytes(keySeparator);
    private readonly SortedDictionary<long, PublishFailure> _failures = [];

    public async Task<PublishResult> RunAsync(Stream input, ProgressBar? progress, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(window);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var drain = new CancellationTokenSource();
        await using var interrupted = ct.Register(() => drain.CancelAfter(DrainOnInterrupt));
        var lines = new ByteLines(input, maxMessageBytes + _separator.Length);
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        long confirmed = 0;

        async Task PublishOne(long number, string? key, byte[] payload)
        {
            try
            {
                await topics.PublishAsync(topic, payload, key, timeout: giveUpAfter, cancellationToken: drain.Token);
                Interlocked.Increment(ref confirmed);
            }
            catch (MessageTooLargeException e)
            {
                Fail(new PublishFailure(number, e.Message, Resumable: false), stop);
            }
            catch (Exception e) when (e is TopicException or AskTimeoutException or OperationCanceledException)
            {
                var reason = e switch
                {
                    TopicException => e.Message,
                    AskTimeoutException => string.Create(CultureInfo.InvariantCulture, $"no confirm within {giveUpAfter.TotalSeconds:0} s"),
                    _ => "interrupted",
                };
                Fail(new PublishFailure(number, reason, Resumable: true), stop);
            }
            finally
            {
                slots.Release();
            }
        }

        long next = Math.Max(1, resumeFrom); // the first line not handed to the producer yet
        try
        {
            while (await lines.NextAsync(stop.Token) is { } line)
            {
                progress?.Report(lines.BytesRead, Interlocked.Read(ref confirmed), clock.Elapsed);
                if (line.Number < resumeFrom) continue;
                var (key, payload, refusal) = Split(line);
                if (refusal is not null)
                {
                    Fail(new PublishFailure(line.Number, refusal, Resumable: false), stop);
                    break;
                }

                await slots.WaitAsync(stop.Token);
                pending.Add(PublishOne(line.Number, key, payload));
                next = line.Number + 1;
                if (pending.Count >= 4 * window) pending.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Interrupted while reading or waiting for a slot: that line was never sent.
            if (ct.IsCancellationRequested) Fail(new PublishFailure(next, "interrupted", Resumable: true), stop);
        }

        await Task.WhenAll(pending);
        progress?.Report(lines.BytesRead, confirmed, clock.Elapsed);
        lock (_failures) return new PublishResult(confirmed, clock.Elapsed, _failures.Values.FirstOrDefault());
    }

    /// <summary>Stops reading after a failure; the lines already on their way are still waited for.</summary>
    private void Fail(PublishFailure failure, CancellationTokenSource stop)
    {
        lock (_failures) _failures.TryAdd(failure.Line, failure);
        stop.Cancel();
    }

    /// <summary>Key and payload of a line, or why it cannot be published at all.</summary>
    private (string? Key, byte[] Payload, string? Refusal) Split(InputLine line)
    {
        var bytes = line.Bytes.AsSpan();
        var at = _separator.Length == 0 ? -1 : bytes.IndexOf(_separator);
        if (!line.Complete)
            return (null, [], TopicMessage.TooLarge(line.Length - (at < 0 ? 0 : _separator.Length), maxMessageBytes));
        if (at < 0) return (null, line.Bytes, null);
        try
        {
            return (StrictUtf8.GetString(bytes[..at]), bytes[(at + _separator.Length)..].ToArray(), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, [], "the key is not valid UTF-8 (a payload may hold any bytes, a key is text)");
        }
    }
}
