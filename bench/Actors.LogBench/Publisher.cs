using Actors.Client;
using Actors.Topics;

namespace Actors.LogBench;

/// <summary>
/// Publishes messages <c>first .. first+count-1</c> of the workload in chunks of 1,000 (<c>PublishManyAsync</c>: each
/// chunk completes when all its confirms are in), with up to <c>--in-flight</c> messages unconfirmed; prints progress
/// every 10 s. Returns the rate, the checksum of what it published, and (when given the node) the node's RSS once
/// <see cref="LogOptions.CompareAt"/> messages are confirmed.
/// </summary>
internal static class Publisher
{
    private const int Chunk = 1_000;

    public static async Task<(double Rate, ulong Sum, double RssAtCompare)> FillAsync(GatewayClient client, TopicName topic, long first, long count,
        LogOptions options, Workload workload, ActorsNodeProcess? node)
    {
        using var window = new SemaphoreSlim(Math.Max(1, options.InFlight / Chunk));
        var pending = new List<Task>();
        long confirmed = 0;
        ulong sum = 0;
        double rssAtCompare = 0;
        var start = Stopwatch.GetTimestamp();
        var lastReport = start;
        for (var at = first; at < first + count; at += Chunk)
        {
            await window.WaitAsync();
            var messages = new List<MessageToPublish>(Chunk);
            for (var i = at; i < Math.Min(at + Chunk, first + count); i++)
            {
                var payload = workload.Payload(i);
                sum += Workload.Hash(payload);
                messages.Add(new MessageToPublish(payload));
            }

            pending.Add(SendAsync(messages));
            pending.RemoveAll(t => t.IsCompletedSuccessfully);
            if (pending.FirstOrDefault(t => t.IsFaulted) is { } failed) await failed;
            var done = Interlocked.Read(ref confirmed);
            if (node is not null && rssAtCompare == 0 && done >= options.CompareAt) rssAtCompare = node.RssMiB();
            if (Stopwatch.GetElapsedTime(lastReport).TotalSeconds >= 10)
            {
                lastReport = Stopwatch.GetTimestamp();
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                Console.WriteLine($"  {done,12:N0} confirmed, {done / seconds,9:N0} msgs/s{(node is null ? "" : $", node RSS {node.RssMiB():0} MiB")}");
            }
        }

        await Task.WhenAll(pending);
        var rate = count / Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (node is not null && rssAtCompare == 0) rssAtCompare = node.RssMiB();
        return (rate, sum, rssAtCompare);

        async Task SendAsync(List<MessageToPublish> messages)
        {
            try
            {
                await client.Topics.PublishManyAsync(topic, messages, TimeSpan.FromMinutes(2));
                Interlocked.Add(ref confirmed, messages.Count);
            }
            finally
            {
                window.Release();
            }
        }
    }
}
