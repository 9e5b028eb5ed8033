using System.Buffers.Binary;
using System.Net.Sockets;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Actors.BenchSupport;

/// <summary>
/// The Confluent.Kafka workload against a node's Kafka listener: a topic, an idempotent acks=all producer (linger
/// <c>lingerMs</c>, batches as librdkafka makes them) sending unkeyed values, then a consumer reading them all from the
/// earliest offset. Produce rate = confirmed messages ÷ (first produce → last delivery report); latency = Produce()
/// call → its delivery report (time queued in the client included); consume rate = messages ÷ (subscribe → last message).
/// </summary>
public static class KafkaWorkload
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Creates <paramref name="topic"/>. retention.messages = <paramref name="messages"/>: a partition keeps 100,000
    /// messages by default (actors.topics.retention.max-messages), which a large run passes; the consumer must find every one.
    /// </summary>
    public static async Task CreateTopicAsync(string bootstrap, string topic, int partitions, int messages)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = topic, NumPartitions = partitions, ReplicationFactor = 1,
            Configs = new Dictionary<string, string> { ["retention.messages"] = messages.ToString(CultureInfo.InvariantCulture) },
        }]);
    }

    /// <summary>
    /// Whether the node's listener serves consumer groups (JoinGroup among its ApiVersions); if not, the consumer reads
    /// by assign. Asked with a raw ApiVersions v0 request: librdkafka's ListConsumerGroups against a broker without
    /// ListGroups aborts the process (free(): double free), so the admin client cannot be the probe.
    /// </summary>
    public static async Task<bool> GroupsServedAsync(string bootstrap)
    {
        const short joinGroup = 11;
        var colon = bootstrap.LastIndexOf(':');
        using var client = new TcpClient();
        await client.ConnectAsync(bootstrap[..colon], int.Parse(bootstrap[(colon + 1)..], CultureInfo.InvariantCulture));
        var stream = client.GetStream();
        // size, api key 18 (ApiVersions), version 0, correlation id 1, client id "bench"
        byte[] request = [0, 0, 0, 15, 0, 18, 0, 0, 0, 0, 0, 1, 0, 5, (byte)'b', (byte)'e', (byte)'n', (byte)'c', (byte)'h'];
        await stream.WriteAsync(request);
        var size = new byte[4];
        await stream.ReadExactlyAsync(size);
        var response = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await stream.ReadExactlyAsync(response);
        var count = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6));
        for (var i = 0; i < count; i++)
            if (BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(10 + i * 6)) == joinGroup) return true;
        return false;
    }

    /// <summary>
    /// Produces <paramref name="messages"/> values of <paramref name="payloadBytes"/>; at most <paramref name="inFlight"/>
    /// wait for their delivery report at a time (<see cref="int.MaxValue"/>: as many as librdkafka's queue takes).
    /// </summary>
    public static PublishFigures Produce(string bootstrap, string topic, int messages, int payloadBytes, int lingerMs, int inFlight = int.MaxValue)
    {
        var latencies = new double[messages];
        var done = 0;
        var failed = 0;
        long lastReport = 0;
        var payload = new byte[payloadBytes];
        Random.Shared.NextBytes(payload);
        using var window = inFlight == int.MaxValue ? null : new SemaphoreSlim(inFlight, inFlight);
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = lingerMs,
            // Delivery reports carry no payload copy back; only what the latency needs.
            DeliveryReportFields = "status",
        }).Build();
        var message = new Message<Null, byte[]> { Value = payload };
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < messages; i++)
        {
            var index = i;
            window?.Wait();
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
                        window?.Release();
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
        if (failed > 0) throw new InvalidOperationException($"{failed} of {messages} messages were not confirmed");
        return PublishFigures.From(latencies, Stopwatch.GetElapsedTime(start, Interlocked.Read(ref lastReport)).TotalSeconds);
    }

    /// <summary>
    /// Reads <paramref name="messages"/> from the earliest offset: as a member of a new group committing its offsets
    /// (librdkafka's auto-commit, the Kafka way of acking) when <paramref name="group"/>, else by assign.
    /// Returns messages per second.
    /// </summary>
    public static double Consume(string bootstrap, string topic, int messages, int partitions, bool group)
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
        else consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = 0;
        var last = start;
        while (read < messages)
        {
            if (Stopwatch.GetElapsedTime(last) > Wait) throw new TimeoutException($"no message for {Wait.TotalMinutes} min after {read} of {messages}");
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result?.Message is null) continue;
            read++;
            last = Stopwatch.GetTimestamp();
        }

        if (group) consumer.Close();
        return read / Stopwatch.GetElapsedTime(start, last).TotalSeconds;
    }
}
