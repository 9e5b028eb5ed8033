using System.Collections;
using Actors.Client;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.LogBench;

/// <summary>Reads a topic back in a new group (an ack per message), and times a node's first delivery at a topic's end.</summary>
internal static class Reader
{
    /// <summary>Reads <see cref="LogOptions.Messages"/> from the earliest offset: rate, count, checksum and copies seen twice.</summary>
    public static async Task<(double Rate, long Count, ulong Sum, long Duplicates)> ReadAllAsync(GatewayClient client, TopicName topic, LogOptions options)
    {
        var seen = new BitArray(checked((int)options.Messages));
        long count = 0, duplicates = 0;
        ulong sum = 0;
        var start = Stopwatch.GetTimestamp();
        var lastReport = start;
        // Ends when everything is read, or when nothing more came for a minute (then the count says what is missing).
        using var quiet = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var consume = new ConsumeOptions { StartFrom = StartFrom.Earliest, Prefetch = 500 };
        try
        {
            await foreach (var message in client.ConsumeAsync(topic, new GroupName($"readers-{topic}"), consume, quiet.Token))
            {
                quiet.CancelAfter(TimeSpan.FromMinutes(1));
                message.Ack();
                var index = Workload.IndexOf(message.Payload);
                if (index < 0 || index >= options.Messages || seen[(int)index]) duplicates++;
                else seen[(int)index] = true;
                sum += Workload.Hash(message.Payload);
                if (++count == options.Messages) break;
                if (count % 100_000 == 0 && Stopwatch.GetElapsedTime(lastReport).TotalSeconds >= 10)
                {
                    lastReport = Stopwatch.GetTimestamp();
                    Console.WriteLine($"  {count,12:N0} read, {count / Stopwatch.GetElapsedTime(start).TotalSeconds,9:N0} msgs/s");
                }
            }
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"  nothing more came within a minute after {count:N0} messages");
        }

        return (count / Stopwatch.GetElapsedTime(start).TotalSeconds, count, sum, duplicates);
    }

    /// <summary>
    /// Subscribes a new group at the end of <paramref name="topic"/> and publishes one message every 100 ms until the
    /// group gets one: the node has recovered the partitions and delivers.
    /// </summary>
    public static async Task FirstDeliveryAsync(GatewayClient client, TopicName topic, Workload workload, string group)
    {
        using var give = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var consume = new ConsumeOptions { StartFrom = StartFrom.Latest };
        var first = Task.Run(async () =>
        {
            await foreach (var message in client.ConsumeAsync(topic, new GroupName(group), consume, give.Token))
            {
                message.Ack();
                return;
            }
        }, give.Token);
        while (!first.IsCompleted)
        {
            _ = client.Topics.PublishAsync(topic, workload.Payload(-1), timeout: TimeSpan.FromMinutes(2));
            await Task.WhenAny(first, Task.Delay(100, give.Token));
        }

        await first;
    }
}
