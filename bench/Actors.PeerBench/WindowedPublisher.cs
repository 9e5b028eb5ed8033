namespace Actors.PeerBench;

/// <summary>
/// Publishes with at most a window of confirms outstanding: each publish is started when a slot is free, and frees it
/// when its confirm arrives. Rate = messages ÷ (first publish → last confirm); latency = publish call → its confirm.
/// </summary>
internal static class WindowedPublisher
{
    public static async Task<PublishFigures> RunAsync(int messages, int inFlight, Func<Task> publish)
    {
        var latencies = new double[messages];
        var tasks = new Task[messages];
        long last = 0;
        using var window = new SemaphoreSlim(inFlight, inFlight);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < messages; i++)
        {
            await window.WaitAsync();
            tasks[i] = One(i);
        }

        await Task.WhenAll(tasks);
        return PublishFigures.From(latencies, Stopwatch.GetElapsedTime(start, Interlocked.Read(ref last)).TotalSeconds);

        async Task One(int index)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                await publish();
                var now = Stopwatch.GetTimestamp();
                latencies[index] = Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds;
                Interlocked.Exchange(ref last, now);
            }
            finally
            {
                window.Release();
            }
        }
    }
}
