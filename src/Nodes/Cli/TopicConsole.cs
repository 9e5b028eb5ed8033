using System.Globalization;
using System.Text;
using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors consume</c>: a printer actor in the client's actor system joins the group through the node's
/// gateway, prints each delivery and acks it after printing. On exit (after <c>--max</c> messages or Ctrl-C)
/// it waits until the node has taken every ack, then leaves the group, so the next run continues after it.
/// </summary>
internal sealed class ConsoleConsumer(GatewayClient client, TopicName topic, GroupName group, long? max, bool keys, TextWriter output)
{
    public async Task<int> RunAsync(int prefetch, StartFrom start, TimeSpan timeout, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var printer = client.System.ActorOf(Props.Create(() => new Printer(max, keys, output, done)), "printer");
        var member = await client.OpenConsumerAsync(topic, group, printer, prefetch, start, timeout, ct);
        await using (ct.Register(() => done.TrySetResult()))
            await done.Task;

        var acked = await printer.Ask<AckedOffsets>(Printer.Stop.Instance, timeout, CancellationToken.None);
        await WaitForAcksAsync(acked.Offsets, timeout);
        member.Tell(PoisonPill.Instance);
        await output.FlushAsync(CancellationToken.None);
        return ct.IsCancellationRequested ? 130 : ExitCodes.Ok;
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

    /// <summary>The highest offset acked per partition.</summary>
    private sealed record AckedOffsets(IReadOnlyDictionary<int, long> Offsets);

    private sealed class Printer : ReceiveActor
    {
        private readonly Dictionary<int, long> _acked = [];
        private long _printed;

        public Printer(long? max, bool keys, TextWriter output, TaskCompletionSource done)
        {
            Receive<Delivery>(delivery =>
            {
                if (_printed >= max) return;
                var body = Encoding.UTF8.GetString(delivery.Message.Payload);
                output.WriteLine(keys ? $"{delivery.Message.Key}\t{body}" : body);
                Sender.Tell(delivery.ToAck());
                _acked[delivery.Partition] = Math.Max(delivery.Offset, _acked.GetValueOrDefault(delivery.Partition, -1));
                if (++_printed >= max) done.TrySetResult();
            });
            Receive<AckRejected>(rejected =>
                Console.Error.WriteLine($"warning: ack of {rejected.Topic}/{rejected.Partition}@{rejected.Offset} refused: {rejected.Reason}"));
            Receive<Stop>(_ =>
            {
                max = _printed;
                Sender.Tell(new AckedOffsets(new Dictionary<int, long>(_acked)));
            });
        }

        public sealed class Stop
        {
            public static Stop Instance { get; } = new();
        }
    }
}

/// <summary>The tables <c>actors topics</c> prints.</summary>
internal static class TopicTable
{
    public static readonly string[] Header = ["TOPIC", "PARTITIONS", "MESSAGES", "END-OFFSETS", "GROUP", "COMMITTED", "LAG", "CONSUMING"];

    public static readonly string[] PartitionHeader = ["TOPIC", "PARTITION", "START", "END", "GROUP", "COMMITTED", "LAG", "IN-FLIGHT"];

    /// <summary>One row per group (or per partition and group); a topic without groups gets one row.</summary>
    public static IEnumerable<string[]> Rows(TopicSpec spec, IReadOnlyList<PartitionStatus> partitions, bool perPartition)
    {
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        if (perPartition)
        {
            foreach (var p in partitions.OrderBy(p => p.Partition))
            {
                if (p.Groups.Count == 0) yield return [spec.Name.Value, N(p.Partition), N(p.StartOffset), N(p.EndOffset), "-", "-", "-", "-"];
                foreach (var g in p.Groups.OrderBy(g => g.Group.Value, StringComparer.Ordinal))
                    yield return [spec.Name.Value, N(p.Partition), N(p.StartOffset), N(p.EndOffset), g.Group.Value, N(g.CommittedOffset),
                        N(Math.Max(0, p.EndOffset - g.CommittedOffset)), N(g.InFlight)];
            }

            yield break;
        }

        var messages = N(partitions.Sum(p => p.EndOffset - p.StartOffset));
        var ends = N(partitions.Sum(p => p.EndOffset));
        var groups = partitions.SelectMany(p => p.Groups.Select(g => (p, g))).GroupBy(x => x.g.Group.Value, StringComparer.Ordinal).ToList();
        if (groups.Count == 0) yield return [spec.Name.Value, N(spec.Partitions), messages, ends, "-", "-", "-", "-"];
        foreach (var group in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var committed = group.Sum(x => x.g.CommittedOffset);
            var lag = group.Sum(x => Math.Max(0, x.p.EndOffset - x.g.CommittedOffset));
            var consuming = group.Count(x => x.g.HasConsumer);
            yield return [spec.Name.Value, N(spec.Partitions), messages, ends, group.Key, N(committed), N(lag), $"{consuming}/{spec.Partitions}"];
        }
    }

    /// <summary>Left-aligned columns separated by two spaces.</summary>
    public static string Render(string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Prepend(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        return text.ToString();
    }
}
