using System.Buffers.Binary;
using System.Collections.Concurrent;
using Actors.Kafka.Messages;
using Actors.Kafka.Server;
using Actors.Testing;
using Confluent.Kafka;

namespace Actors.Nodes.Tests.Kafka;

/// <summary>
/// Bad input on a real node's Kafka port: ten thousand mutated frames (from a fixed seed; see
/// <see cref="FrameFuzzer"/>), each followed by a well-formed probe, are each answered or close their connection,
/// while a Confluent.Kafka producer (acks=all, idempotent) keeps producing through the same node: the node never
/// exits, the producer loses nothing, and the node's output has no stack trace.
/// </summary>
public sealed class KafkaFuzzNodeSpecs(ITestOutputHelper output) : IDisposable
{
    private const int Frames = 10_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly CliProcesses _processes = new("kafka-fuzz", output);

    [Fact]
    public async Task Should_answer_or_close_every_mutated_frame_while_serving_a_producer()
    {
        // arrange: a node, and a producer that keeps producing while the fuzzer runs
        var node = await _processes.StartNodeAsync(["node", "--port", "0", "--kafka-port", "0"], Wait);
        var kafka = node.KafkaAddress ?? throw new InvalidOperationException("the start line names no Kafka listener");
        await node.Process.WaitForLineAsync($"member up: {node.Address}", Wait);
        var port = int.Parse(kafka[(kafka.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var failed = new ConcurrentQueue<string>();
        var acked = 0;
        using var stop = new CancellationTokenSource();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = kafka,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = (int)Wait.TotalMilliseconds,
        }).Build();
        var sent = 0;
        var producing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = sent++;
                producer.Produce("fuzz-neighbour", new Message<string, string> { Key = $"k{i % 7}", Value = $"m{i}" }, report =>
                {
                    if (report.Error.IsError) failed.Enqueue($"m{i}: {report.Error.Reason}");
                    else Interlocked.Increment(ref acked);
                });
                await Task.Delay(5);
            }
        });
        await Poll.Until(() => Volatile.Read(ref acked) > 0, Wait, "the producer's first acknowledgement");

        // act: the fuzzer, on its own connections
        var corpus = FrameFuzzer.Corpus();
        var random = new Random(20261202);
        var (answered, closed) = (0, 0);
        var client = await RawClient.ConnectAsync(port);
        for (var i = 0; i < Frames; i++)
        {
            var probeId = 0x7A000000 + i;
            await client.SendAsync(RawClient.Frame(FrameFuzzer.Mutate(corpus[random.Next(corpus.Count)], random)));
            await client.SendAsync(RawClient.Request(18, 0, probeId));
            if (await FrameFuzzer.UntilProbeOrClose(client, probeId, Wait))
            {
                answered++;
                continue;
            }

            closed++;
            await client.DisposeAsync();
            client = await RawClient.ConnectAsync(port);
        }

        await client.DisposeAsync();
        var ackedDuringFuzz = Volatile.Read(ref acked);
        await stop.CancelAsync();
        await producing;
        var queued = producer.Flush(Wait);
        output.WriteLine($"{Frames} mutated frames: {answered} answered, {closed} closed the connection; producer: {sent} sent, {acked} acknowledged ({ackedDuringFuzz} by the end of the fuzz), {failed.Count} failed");

        // assert: the node is alive and answers; the producer lost nothing; no stack trace was printed
        Assert.False(node.Process.HasExited, $"the node exited with {(node.Process.HasExited ? node.Process.ExitCode : 0)}");
        await using (var after = await RawClient.ConnectAsync(port))
        {
            await after.SendAsync(RawClient.Request(3, 9, 1, new MetadataRequest { Topics = null }));
            var answer = await after.ReadAsync(Wait);
            Assert.NotNull(answer);
            Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(answer));
        }

        Assert.Equal(0, queued);
        Assert.True(failed.IsEmpty, $"{failed.Count} produced messages failed, e.g. {string.Join("; ", failed.Take(3))}");
        Assert.Equal(sent, acked);
        Assert.True(answered > 0 && closed > 0, $"the mutations reached both outcomes ({answered} answered, {closed} closed)");
        var printed = node.Process.Output + node.Process.Error;
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", printed, StringComparison.Ordinal);
    }

    public void Dispose() => _processes.Dispose();
}
