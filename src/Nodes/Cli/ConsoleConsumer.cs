using System.Text;
using Actors.Client;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors consume</c>'s loop: reads the topic through <see cref="GatewayClient.ConsumeAsync"/>, prints each
/// message and acks it after printing. On exit (after <c>--max</c> messages or Ctrl-C) it stays in the group until
/// the node has committed every ack, then leaves, so the next run continues after it.
/// </summary>
internal sealed class ConsoleConsumer(GatewayClient client, TopicName topic, GroupName group, long? max, bool keys, TextWriter output)
{
    public async Task<int> RunAsync(ConsumeOptions options, TimeSpan timeout, CancellationToken ct)
    {
        var acked = new Dictionary<int, long>();
        long printed = 0;
        options = options with
        {
            AckRejected = rejected => Console.Error.WriteLine($"warning: ack of {rejected.Topic}/{rejected.Partition}@{rejected.Offset} refused: {rejected.Reason}"),
        };
        // Ctrl-C ends the enumeration (without an exception); leaving the group waits for the acks below.
        var messages = client.ConsumeAsync(topic, group, options, ct).GetAsyncEnumerator(CancellationToken.None);
        await using (messages)
        {
            while (printed < (max ?? long.MaxValue) && await messages.MoveNextAsync())
            {
                var message = messages.Current;
                var body = Encoding.UTF8.GetString(message.Payload);
                output.WriteLine(keys ? $"{message.Key}\t{body}" : body);
                message.Ack();
                acked[message.Partition] = Math.Max(message.Offset, acked.GetValueOrDefault(message.Partition, -1));
                printed++;
            }

            await WaitForAcksAsync(acked, timeout);
        }

        await output.FlushAsync(CancellationToken.None);
        return ct.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>Waits (bounded) until the group's committed offset on each partition is past what was acked.</summary>
    private async Task WaitForAcksAsync(IReadOnlyDictionary<int, long> acked, TimeSpan timeout)
    {
        if (acked.Count == 0) return;
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var status = await client.Topics.GetStatusAsync(topic, timeout, deadline.Token);
                var behind = status.Where(p => acked.TryGetValue(p.Partition, out var last)
                    && (p.Groups.FirstOrDefault(g => g.Group == group)?.CommittedOffset ?? 0) <= last);
                if (!behind.Any()) return;
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or AskTimeoutException)
        {
            await Console.Error.WriteLineAsync("warning: the node did not confirm every ack in time; unconfirmed messages will be delivered again");
        }
    }
}
