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
/// Publishes lines of bytes (<see cref="ByteLines"/>) with up to <c>window</c> lines unconfirmed, through the
/// client's idempotent producer, which keeps each key's lines in order and resends through another node when the
/// client's node fails. The lines the input has ready go to the producer together, up to <see cref="MaxChunk"/> in
/// one hand-over (<see cref="TopicClient.PublishEach"/>), so it sends each partition's share as one batch; one line
/// at a time, each line was its own remote message, and both the client and the node spent most of their time on
/// that. A chunk gives up only after <c>giveUpAfter</c> without every confirm, or a line of it is refused; then no
/// further line is sent, the lines on their way are waited for, and the result names the first unconfirmed line, so
/// that publishing again from there (<c>--resume-from</c>) loses nothing. Lines before <c>resumeFrom</c> are skipped.
/// </summary>
internal sealed class LinePublisher(TopicClient topics, TopicName topic, string? keySeparator, int window, TimeSpan giveUpAfter, long resumeFrom,
    int maxMessageBytes)
{
    /// <summary>The most lines handed to the producer at once (fewer when the window is smaller).</summary>
    private const int MaxChunk = 1000;

    /// <summary>
    /// How long, after Ctrl-C, the lines already sent may take to be confirmed before they count as unconfirmed: most
    /// are stored and their confirms on the way, and each one confirmed is a line a resumed run need not send again
    /// (a copy stored twice). Well inside <see cref="ClientStop"/>'s grace, so the run still reports.
    /// </summary>
    private static readonly TimeSpan DrainOnInterrupt = TimeSpan.FromSeconds(5);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _separator = string.IsNullOrEmpty(keySeparator) ? [] : Encoding.UTF8.GetBytes(keySeparator);
    private readonly SortedDictionary<long, PublishFailure> _failures = [];
    private long _confirmed;
    private CancellationTokenSource? _stop; // the run's: reading stops once any line fails

    public async Task<PublishResult> RunAsync(Stream input, ProgressBar? progress, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(window);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _stop = stop;
        using var drain = new CancellationTokenSource();
        await using var interrupted = ct.Register(() => drain.CancelAfter(DrainOnInterrupt));
        var lines = new ByteLines(input, maxMessageBytes + _separator.Length);
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        var chunk = new Chunk();
        var maxChunk = Math.Min(window, MaxChunk);

        async Task HandOver(Chunk ready)
        {
            for (var i = 0; i < ready.Count; i++) await slots.WaitAsync(stop.Token);
            pending.Add(PublishAsync(ready, slots, drain.Token));
            if (pending.Count >= 64) pending.RemoveAll(t => t.IsCompleted);
        }

        try
        {
            while (await lines.NextAsync(stop.Token) is { } line)
            {
                progress?.Report(lines.BytesRead, Interlocked.Read(ref _confirmed), clock.Elapsed);
                if (line.Number < resumeFrom) continue;
                var (key, payload, refusal) = Split(line);
                if (refusal is not null)
                {
                    Fail(new PublishFailure(line.Number, refusal, Resumable: false));
                    break;
                }

                chunk.Add(line.Number, new MessageToPublish(payload, key));
                if (chunk.Count < maxChunk && lines.HasLineReady) continue;
                await HandOver(chunk);
                chunk = new Chunk();
            }

            // The lines before a refused one still go.
            if (chunk.Count > 0) await HandOver(chunk);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Interrupted while reading or waiting for room: the lines read and not handed over were never sent.
            if (ct.IsCancellationRequested) Fail(new PublishFailure(chunk.Count > 0 ? chunk.Numbers[0] : Math.Max(resumeFrom, lines.LinesRead + 1), "interrupted", Resumable: true));
        }

        await Task.WhenAll(pending);
        progress?.Report(lines.BytesRead, Interlocked.Read(ref _confirmed), clock.Elapsed);
        _stop = null;
        lock (_failures) return new PublishResult(Interlocked.Read(ref _confirmed), clock.Elapsed, _failures.Values.FirstOrDefault());
    }

    /// <summary>
    /// Hands <paramref name="chunk"/> to the producer and waits for its confirms, for <c>giveUpAfter</c> or until
    /// <paramref name="drain"/> (Ctrl-C and a grace); each line not confirmed by then is a failure, with its reason.
    /// </summary>
    private async Task PublishAsync(Chunk chunk, SemaphoreSlim slots, CancellationToken drain)
    {
        try
        {
            var confirms = topics.PublishEach(topic, chunk.Messages);
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(drain);
            giveUp.CancelAfter(giveUpAfter);
            try
            {
                await Task.WhenAll(confirms).WaitAsync(giveUp.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or TopicException or MessageTooLargeException)
            {
                // Each line's own outcome is read below.
            }

            var confirmed = 0;
            for (var i = 0; i < confirms.Count; i++)
            {
                var confirm = confirms[i];
                if (confirm.IsCompletedSuccessfully) confirmed++;
                else Fail(new PublishFailure(chunk.Numbers[i], Reason(confirm, drain), Resumable: confirm.Exception?.InnerException is not MessageTooLargeException));
            }

            Interlocked.Add(ref _confirmed, confirmed);
        }
        finally
        {
            slots.Release(chunk.Count);
        }
    }

    private string Reason(Task<PublishAck> confirm, CancellationToken drain) => confirm.Exception?.InnerException switch
    {
        { } refused => refused.Message,
        null when drain.IsCancellationRequested => "interrupted",
        null => string.Create(CultureInfo.InvariantCulture, $"no confirm within {giveUpAfter.TotalSeconds:0} s"),
    };

    /// <summary>Stops reading after a failure; the lines already on their way are still waited for.</summary>
    private void Fail(PublishFailure failure)
    {
        lock (_failures) _failures.TryAdd(failure.Line, failure);
        _stop?.Cancel();
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

    /// <summary>Lines read and not yet handed to the producer: their numbers and messages, in order.</summary>
    private sealed class Chunk
    {
        public List<long> Numbers { get; } = [];

        public List<MessageToPublish> Messages { get; } = [];

        public int Count => Numbers.Count;

        public void Add(long number, MessageToPublish message)
        {
            Numbers.Add(number);
            Messages.Add(message);
        }
    }
}
