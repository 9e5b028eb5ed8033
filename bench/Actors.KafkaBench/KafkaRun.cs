using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Actors.KafkaBench;

/// <summary>What one run measured.</summary>
internal sealed record RunResult(double ProduceRate, double P50Ms, double P99Ms, double ConsumeRate, double CpuPer100k, double PeakRssMiB, string ConsumedVia);

/// <summary>
/// One run against a fresh node: a topic of <c>--partitions</c>, an idempotent acks=all Confluent.Kafka producer
/// (linger <c>--linger-ms</c>, batches as librdkafka makes them) sending <c>--messages</c> unkeyed values of
/// <c>--payload</c> bytes, then a consumer in a new group reading them all from the earliest offset. Produce rate =
/// confirmed messages ÷ (first produce → last delivery report); latency = Produce() call → its delivery report
/// (local queueing included); consume rate = messages ÷ (subscribe → last message). CPU covers both phases.
/// </summary>
internal static class KafkaRun
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(10);

    public static async Task<RunResult> RunAsync(NodeUnderTest node, BenchOptions options, string topic)
    {
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = node.Kafka }).Build())
            // retention.messages: a partition keeps 100,000 messages by default (actors.topics.retention.max-messages),
            // which a run of a million over eight partitions passes; the consumer must find every one.
            await admin.CreateTopicsAsync([new TopicSpecification
            {
                Name = topic, NumPartitions = options.Partitions, ReplicationFactor = 1,
                Configs = new Dictionary<string, string> { ["retention.messages"] = options.Messages.ToString(CultureInfo.InvariantCulture) },
            }]);
        var groups = await GroupsServedAsync(node.Kafka);
        var cpuBefore = node.CpuSeconds();
        var (rate, p50, p99) = Produce(node.Kafka, topic, options);
        var (consumeRate, via) = Consume(node.Kafka, topic, options, groups);
        var cpu = node.CpuSeconds() - cpuBefore;
        return new RunResult(rate, p50, p99, consumeRate, cpu / (options.Messages / 100_000.0), node.PeakRssMiB(), via);
    }

    /// <summary>
    /// Whether the node's listener serves consumer groups (JoinGroup among its ApiVersions); if not, the consumer reads
    /// by assign. Asked with a raw ApiVersions v0 request: librdkafka's ListConsumerGroups against a broker without
    /// ListGroups aborts the process (free(): double free), so the admin client cannot be the probe.
    /// </summary>
    private static async Task<bool> GroupsServedAsync(string bootstrap)
    {
        const short joinGroup = 11;
        var colon = bootstrap.LastIndexOf(':');
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(bootstrap[..colon], int.Parse(bootstrap[(colon + 1)..], CultureInfo.InvariantCulture));
        var stream = client.GetStream();
        // size, api key 18 (ApiVersions), version 0, correlation id 1, client id "bench"
        byte[] request = [0, 0, 0, 15, 0, 18, 0, 0, 0, 0, 0, 1, 0, 5, (byte)'b', (byte)'e', (byte)'n', (byte)'c', (byte)'h'];
        await stream.WriteAsync(request);
        var size = new byte[4];
        await stream.ReadExactlyAsync(size);
        var response = new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(size)];
        await stream.ReadExactlyAsync(response);
        var count = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6));
        for (var i = 0; i < count; i++)
            if (System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(10 + i * 6)) == joinGroup) return true;
        return false;
    }

    private static (double Rate, double P50, double P99) Produce(string bootstrap, string topic, BenchOptions options)
    {
        var latencies = new double[options.Messages];
        var done = 0;
        var failed = 0;
        long lastReport = 0;
        var payload = new byte[options.Payload];
        Random.Shared.NextBytes(payload);
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = options.LingerMs,
            // Delivery reports carry no payload copy back; only what the latency needs.
            DeliveryReportFields = "status",
        }).Build();
        var message = new Message<Null, byte[]> { Value = payload };
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < options.Messages; i++)
        {
            var index = i;
            var sent = Stopwatch.GetTimestamp();
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, report =>
                    {
                        var now = Stopwatch.GetTimestamp();
                        latencies[index] = Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds;
                        if (report.Error.IsError) Interlocked.Increment(ref failed);
                        Interlocked.Exchange(ref lastReport, now);
                        Interlocked.Increment(ref done);
                    });
                    break;
                }
                catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(5));
                }
            }
        }

        if (producer.Flush(Wait) > 0) throw new TimeoutException($"the producer still had messages queued after {Wait.TotalMinutes} min");
        if (failed > 0) throw new InvalidOperationException($"{failed} of {options.Messages} messages were not confirmed");
        var seconds = Stopwatch.GetElapsedTime(start, Interlocked.Read(ref lastReport)).TotalSeconds;
        Array.Sort(latencies);
        return (done / seconds, latencies[(int)(latencies.Length * 0.50)], latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.99))]);
    }

    private static (double Rate, string Via) Consume(string bootstrap, string topic, BenchOptions options, bool group)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"{topic}-readers",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = group,
            FetchWaitMaxMs = 100,
        }).Build();
        var start = Stopwatch.GetTimestamp();
        if (group) consumer.Subscribe(topic);
        else consumer.Assign(Enumerable.Range(0, options.Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = 0;
        var last = start;
        while (read < options.Messages)
        {
            if (Stopwatch.GetElapsedTime(last) > Wait) throw new TimeoutException($"no message for {Wait.TotalMinutes} min after {read} of {options.Messages}");
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result?.Message is null) continue;
            read++;
            last = Stopwatch.GetTimestamp();
        }

        if (group) consumer.Close();
        return (read / Stopwatch.GetElapsedTime(start, last).TotalSeconds, group ? "group" : "assign");
    }
}
