using System.Text;
using Actors.Client;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Faults;

/// <summary>One message as read back: where it is stored and which line of the workload it is.</summary>
internal sealed record StoredMessage(int Partition, long Offset, string? Key, int Index);

/// <summary>
/// Reads the whole topic back through the .NET client with a consumer group of its own (from the earliest
/// offset, acking each), until it has as many messages as the partitions' offsets say are stored, or nothing
/// came for a while (a rejected write leaves a gap). Each stored copy counts once, however often delivered.
/// </summary>
internal static class Verifier
{
    public static async Task<List<StoredMessage>> ReadAllAsync(FaultCluster.Slot node, string topic, Workload workload, Action<string> log)
    {
        var timeout = TimeSpan.FromSeconds(30);
        await using var client = await GatewayClient.ConnectAsync(node.HostPort, "actors", timeout);
        var name = new TopicName(topic);
        var status = await client.Topics.GetStatusAsync(name, timeout);
        var stored = status.Sum(p => p.EndOffset - p.StartOffset);
        log($"reading back {stored:N0} stored messages through node {node.Number} with a new consumer group");
        var seen = new Dictionary<(int, long), StoredMessage>();
        using var idle = new CancellationTokenSource(timeout);
        var options = new ConsumeOptions { StartFrom = StartFrom.Earliest, Prefetch = 1000, Timeout = timeout };
        await foreach (var message in client.ConsumeAsync(name, new GroupName($"verify-{Guid.NewGuid():N}"), options, idle.Token))
        {
            idle.CancelAfter(TimeSpan.FromSeconds(15));
            seen.TryAdd((message.Partition, message.Offset),
                new StoredMessage(message.Partition, message.Offset, message.Key, workload.IndexOf(Encoding.UTF8.GetString(message.Payload))));
            message.Ack();
            if (seen.Count >= stored) break;
        }

        if (seen.Count < stored) log($"read {seen.Count:N0} of {stored:N0}: nothing more came within 15 s");
        return [.. seen.Values];
    }
}
