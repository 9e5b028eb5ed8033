using System.Text;
using Actors.Client;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors consume</c>'s loop: reads the topic through <see cref="GatewayClient.ConsumeAsync"/>, prints each
/// message and acks it after printing. On exit (after <c>--max</c> messages or Ctrl-C) it stays in the group until
/// the node has committed every ack, then leaves, so the next run continues after it. A payload is printed as its
/// bytes (what <c>publish</c> read is what comes out), into a buffer that is written out whenever no further message
/// is waiting: a reader at a terminal sees each message at once, and a pipe gets large writes, not one per line.
/// </summary>
internal sealed class ConsoleConsumer(GatewayClient client, TopicName topic, GroupName group, long? max, bool keys, Stream output)
{
    public async Task<int> RunAsync(ConsumeOptions options, TimeSpan timeout, CancellationToken ct)
    {
        var acked = new Dictionary<int, long>();
        long printed = 0;
        options = options with
        {
            AckRejected = rejected => Console.Error.WriteLine($"warning: ack of {rejected.Topic}/{rejected.Partition}@{rejected.Offset} refused: {rejected.Reason}"),
        };
        await using var buffered = new BufferedStream(output, 64 * 1024);
        // Ctrl-C ends the enumeration (without an exception); leaving the group waits for the acks below.
        var messages = client.ConsumeAsync(topic, group, options, ct).GetAsyncEnumerator(CancellationToken.None);
        await using (messages)
        {
            while (printed < (max ?? long.MaxValue))
            {
                var next = messages.MoveNextAsync();
                if (!next.IsCompleted) await buffered.FlushAsync(CancellationToken.None);
                if (!await next) break;
                var message = messages.Current;
                Print(buffered, message);
                message.Ack();
                acked[message.Partition] = Math.Max(message.Offset, acked.GetValueOrDefault(message.Partition, -1));
                printed++;
            }

            await buffered.FlushAsync(CancellationToken.None);
            await WaitForAcksAsync(acked, timeout);
        }

        return ct.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    private void Print(Stream output, ConsumedMessage message)
    {
        if (keys)
        {
            output.Write(Encoding.UTF8.GetBytes(message.Key ?? ""));
            output.WriteByte((byte)'\t');
        }

        output.Write(message.Payload);
        output.WriteByte((byte)'\n');
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
