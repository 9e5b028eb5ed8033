using System.Diagnostics;
using Actors.Kafka.Records;
using Actors.Kafka.Server;
using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// The edge's data path through a real listener on a free port against a one-node in-process cluster: Produce
/// appends one batch per partition and Fetch reads it back as record batches v2 with keys, headers and the
/// producer's timestamps; idempotent batches are deduplicated and gaps refused; Fetch long-polls; offsets and
/// bad input get Kafka's error codes.
/// </summary>
public sealed class EdgeDataSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = EdgeFixture.Wait;
    private readonly EdgeFixture _edge = new("edge-data", output);

    public async Task InitializeAsync()
    {
        await _edge.StartAsync("a");
        await Broker.Get(_edge.Nodes[0]).Client.CreateTopicAsync(new TopicName("orders"), 2, Wait);
    }

    public Task DisposeAsync() => _edge.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_append_a_produced_batch_and_fetch_it_back_with_keys_headers_and_timestamps()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        var created = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds();

        // act
        var produced = await ProduceAsync(client, Batch(0, created, "k0", "k1", "k2"));
        var again = await ProduceAsync(client, Batch(0, created, "k3"));
        var fetched = await FetchAsync(client, 0);

        // assert
        Assert.Equal((0, 0L), (Error(produced), produced.Responses[0].PartitionResponses[0].BaseOffset));
        Assert.Equal(3, again.Responses[0].PartitionResponses[0].BaseOffset);
        var partition = fetched.Responses.Single().Partitions.Single();
        Assert.Equal((0, 4L, 0L), (partition.ErrorCode, partition.HighWatermark, partition.LogStartOffset));
        var records = RecordBatchReader.ReadAll(partition.Records!.Value).SelectMany(b => b.Records).ToList();
        Assert.Equal(["k0", "k1", "k2", "k3"], records.Select(r => Text(r.Key)));
        Assert.Equal(["v-k0", "v-k1", "v-k2", "v-k3"], records.Select(r => Text(r.Value)));
        Assert.Equal([0L, 1, 2, 3], records.Select(r => r.Offset));
        Assert.All(records, r => Assert.Equal("trace=t", string.Join(",", r.Headers.Select(h => $"{h.Key}={Text(h.Value)}"))));
        Assert.All(records, r => Assert.Equal(created, r.Timestamp));
    }

    [Fact]
    public async Task Should_answer_a_resent_idempotent_batch_with_its_first_offset_and_refuse_a_gap()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        var id = await EdgeFixture.AskAsync<InitProducerIdResponse>(client, new InitProducerIdRequest(), 1);
        var batch = Batch(0, 0, "a", "b") with { ProducerId = id.ProducerId, ProducerEpoch = id.ProducerEpoch, BaseSequence = 0 };
        Assert.Equal(0, (await ProduceAsync(client, batch)).Responses[0].PartitionResponses[0].BaseOffset);

        // act
        var resent = await ProduceAsync(client, batch);
        var gap = await ProduceAsync(client, batch with { BaseSequence = 5 });
        var next = await ProduceAsync(client, batch with { BaseSequence = 2 });

        // assert
        Assert.Equal((0, 0L), (Error(resent), resent.Responses[0].PartitionResponses[0].BaseOffset));
        Assert.Equal((short)ErrorCode.OutOfOrderSequenceNumber, Error(gap));
        Assert.Equal(2, next.Responses[0].PartitionResponses[0].BaseOffset);
        Assert.Equal(4, (await FetchAsync(client, 0)).Responses[0].Partitions[0].HighWatermark);
    }

    [Fact]
    public async Task Should_refuse_a_key_that_is_not_utf8_with_invalid_record()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        var batch = RecordBatch.Of([new KafkaRecord(0, 0, new byte[] { 0xC3, 0x28 }, new byte[] { 1 }, [])]);

        // act
        var produced = await ProduceAsync(client, batch);

        // assert
        Assert.Equal((short)ErrorCode.InvalidRecord, Error(produced));
        Assert.Contains("UTF-8", produced.Responses[0].PartitionResponses[0].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_unknown_partitions_and_offsets_out_of_range()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        await ProduceAsync(client, Batch(0, 0, "a"));

        // act
        var unknown = await ProduceAsync(client, Batch(0, 0, "a"), partition: 7);
        var beyond = await FetchAsync(client, 5);

        // assert
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, Error(unknown));
        Assert.Equal((short)ErrorCode.OffsetOutOfRange, beyond.Responses[0].Partitions[0].ErrorCode);
    }

    [Fact]
    public async Task Should_hold_a_fetch_at_the_end_until_a_produce_arrives()
    {
        // arrange: a consumer waiting at the end for up to a minute, on its own connection
        await using var consumer = await _edge.ConnectAsync();
        await using var producer = await _edge.ConnectAsync();
        var waiting = FetchAsync(consumer, 0, maxWaitMs: 60_000);
        var clock = Stopwatch.StartNew();

        // act
        await ProduceAsync(producer, Batch(0, 0, "late"));
        var fetched = await waiting;

        // assert
        var records = RecordBatchReader.ReadAll(fetched.Responses[0].Partitions[0].Records!.Value).SelectMany(b => b.Records);
        Assert.Equal(["late"], records.Select(r => Text(r.Key)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the fetch answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Should_answer_a_fetch_with_nothing_new_after_max_wait()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        var clock = Stopwatch.StartNew();

        // act
        var fetched = await FetchAsync(client, 0, maxWaitMs: 500);

        // assert
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"answered after {clock.Elapsed}");
        Assert.Equal(0, fetched.Responses[0].Partitions[0].Records!.Value.Length);
    }

    [Fact]
    public async Task Should_list_earliest_latest_and_by_time_offsets()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        await ProduceAsync(client, Batch(0, 0, "a", "b", "c"));
        var request = new ListOffsetsRequest
        {
            Topics =
            [
                new ListOffsetsRequest.Topic
                {
                    Name = "orders",
                    Partitions =
                    [
                        new() { PartitionIndex = 0, Timestamp = ListOffsetsRequest.Earliest },
                        new() { PartitionIndex = 0, Timestamp = ListOffsetsRequest.Latest },
                        new() { PartitionIndex = 0, Timestamp = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds() },
                        new() { PartitionIndex = 0, Timestamp = 0 },
                    ],
                },
            ],
        };

        // act
        var offsets = await EdgeFixture.AskAsync<ListOffsetsResponse>(client, request, 5);

        // assert
        Assert.Equal([0L, 3, -1, 0], offsets.Topics[0].Partitions.Select(p => p.Offset));
    }

    [Fact]
    public async Task Should_create_describe_and_delete_a_topic()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        var create = new CreateTopicsRequest
        {
            Topics = [new CreateTopicsRequest.Topic { Name = "events", NumPartitions = 3, ReplicationFactor = 3, Configs = [new() { Name = "retention.ms", Value = "60000" }] }],
        };

        // act
        var created = await EdgeFixture.AskAsync<CreateTopicsResponse>(client, create, 4);
        var twice = await EdgeFixture.AskAsync<CreateTopicsResponse>(client, create, 4);
        var described = await EdgeFixture.AskAsync<DescribeConfigsResponse>(client,
            new DescribeConfigsRequest { Resources = [new() { ResourceType = DescribeConfigsRequest.TopicResource, ResourceName = "events" }] }, 2);
        var deleted = await EdgeFixture.AskAsync<DeleteTopicsResponse>(client, new DeleteTopicsRequest { TopicNames = ["events", "nothing"] }, 3);

        // assert
        Assert.Equal(0, created.Topics[0].ErrorCode);
        Assert.Equal((short)ErrorCode.TopicAlreadyExists, twice.Topics[0].ErrorCode);
        Assert.Equal("60000", described.Results[0].Configs.Single(c => c.Name == "retention.ms").Value);
        Assert.Equal("-1", described.Results[0].Configs.Single(c => c.Name == "retention.messages").Value); // no count: unlimited, as Kafka writes it
        Assert.Equal("delete", described.Results[0].Configs.Single(c => c.Name == "cleanup.policy").Value);
        Assert.Equal([0, (short)ErrorCode.UnknownTopicOrPartition], deleted.Responses.Select(r => r.ErrorCode));
        Assert.Null(await Broker.Get(_edge.Nodes[0]).Client.GetTopicAsync(new TopicName("events"), Wait));
    }

    [Fact]
    public async Task Should_create_a_topic_with_retention_bytes_and_describe_it_back()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        CreateTopicsRequest Create(string name, string bytes) => new()
        {
            Topics = [new CreateTopicsRequest.Topic { Name = name, NumPartitions = 1, ReplicationFactor = 1, Configs = [new() { Name = "retention.bytes", Value = bytes }] }],
        };

        // act
        var bounded = await EdgeFixture.AskAsync<CreateTopicsResponse>(client, Create("sized", "1073741824"), 4);
        var unbounded = await EdgeFixture.AskAsync<CreateTopicsResponse>(client, Create("unsized", "-1"), 4);
        var invalid = await EdgeFixture.AskAsync<CreateTopicsResponse>(client, Create("nothing", "0"), 4);
        var described = await EdgeFixture.AskAsync<DescribeConfigsResponse>(client, new DescribeConfigsRequest
        {
            Resources =
            [
                new() { ResourceType = DescribeConfigsRequest.TopicResource, ResourceName = "sized" },
                new() { ResourceType = DescribeConfigsRequest.TopicResource, ResourceName = "unsized" },
            ],
        }, 2);

        // assert: 1 GiB kept per partition, -1 unlimited (as Kafka writes it), 0 refused as a config
        Assert.Equal([0, 0], new[] { bounded.Topics[0].ErrorCode, unbounded.Topics[0].ErrorCode });
        Assert.Equal((short)ErrorCode.InvalidConfig, invalid.Topics[0].ErrorCode);
        Assert.Equal(["1073741824", "-1"], described.Results.Select(r => r.Configs.Single(c => c.Name == "retention.bytes").Value));
        Assert.Equal(1L << 30, (await Broker.Get(_edge.Nodes[0]).Client.GetTopicAsync(new TopicName("sized"), Wait))!.RetentionBytes);
        Assert.Null(await Broker.Get(_edge.Nodes[0]).Client.GetTopicAsync(new TopicName("nothing"), Wait));
    }

    [Fact]
    public async Task Should_create_a_compacted_topic_with_cleanup_policy_and_describe_it_back()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        CreateTopicsRequest Create(string name, string policy) => new()
        {
            Topics = [new CreateTopicsRequest.Topic { Name = name, NumPartitions = 1, ReplicationFactor = 1, Configs = [new() { Name = "cleanup.policy", Value = policy }] }],
        };

        // act
        var compact = await EdgeFixture.AskAsync<CreateTopicsResponse>(client, Create("table", "compact"), 4);
        var both = await EdgeFixture.AskAsync<CreateTopicsResponse>(client, Create("both", "compact,delete"), 4);
        var invalid = await EdgeFixture.AskAsync<CreateTopicsResponse>(client, Create("shredded", "shred"), 4);
        var described = await EdgeFixture.AskAsync<DescribeConfigsResponse>(client, new DescribeConfigsRequest
        {
            Resources =
            [
                new() { ResourceType = DescribeConfigsRequest.TopicResource, ResourceName = "table" },
                new() { ResourceType = DescribeConfigsRequest.TopicResource, ResourceName = "both" },
            ],
        }, 2);

        // assert
        Assert.Equal([0, 0], new[] { compact.Topics[0].ErrorCode, both.Topics[0].ErrorCode });
        Assert.Equal((short)ErrorCode.InvalidConfig, invalid.Topics[0].ErrorCode);
        Assert.Equal(["compact", "compact,delete"], described.Results.Select(r => r.Configs.Single(c => c.Name == "cleanup.policy").Value));
        Assert.Equal(CleanupPolicy.Compact, (await Broker.Get(_edge.Nodes[0]).Client.GetTopicAsync(new TopicName("table"), Wait))!.Cleanup);
    }

    [Fact]
    public async Task Should_answer_a_produce_to_a_full_reject_publish_partition_with_policy_violation()
    {
        // arrange: a partition that holds 2 messages and refuses more (no group has read any)
        await using var client = await _edge.ConnectAsync();
        await Broker.Get(_edge.Nodes[0]).Client.CreateTopicAsync(
            new CreateTopic(new TopicName("bounded"), 1, RetentionMessages: 2, Overflow: OverflowPolicy.RejectPublish), Wait);

        // act
        var fits = await ProduceAsync(client, Batch(0, 0, "a", "b"), topic: "bounded");
        var full = await ProduceAsync(client, Batch(0, 0, "c"), topic: "bounded");

        // assert: not retriable, with the reason; the two accepted stay
        Assert.Equal(0, Error(fits));
        Assert.Equal((short)ErrorCode.PolicyViolation, Error(full));
        Assert.Contains("is full", full.Responses[0].PartitionResponses[0].ErrorMessage);
        var status = (await Broker.Get(_edge.Nodes[0]).Client.GetStatusAsync(new TopicName("bounded"), Wait)).Single();
        Assert.Equal((0L, 2L), (status.StartOffset, status.EndOffset));
    }

    [Fact]
    public async Task Should_name_itself_leader_coordinator_and_only_broker()
    {
        // arrange
        await using var client = await _edge.ConnectAsync();
        var self = _edge.Edges[0].Self;

        // act
        var metadata = await EdgeFixture.AskAsync<MetadataResponse>(client, new MetadataRequest { Topics = [new() { Name = "orders" }, new() { Name = "fresh" }] }, 8);
        var coordinator = await EdgeFixture.AskAsync<FindCoordinatorResponse>(client, new FindCoordinatorRequest { Key = "group" }, 2);

        // assert: "fresh" was auto-created, as native publishes create topics
        Assert.Equal([self.NodeId], metadata.Brokers.Select(b => b.NodeId));
        Assert.Equal(self.Port, metadata.Brokers[0].Port);
        Assert.Equal(["orders", "fresh"], metadata.Topics.Select(t => t.Name));
        Assert.All(metadata.Topics, t => Assert.Equal(0, t.ErrorCode));
        Assert.All(metadata.Topics.SelectMany(t => t.Partitions), p => Assert.Equal(self.NodeId, p.LeaderId));
        Assert.Equal((self.NodeId, self.Port), (coordinator.NodeId, coordinator.Port));
    }

    private static async Task<ProduceResponse> ProduceAsync(RawClient client, RecordBatch batch, int partition = 0, string topic = "orders") =>
        await EdgeFixture.AskAsync<ProduceResponse>(client, new ProduceRequest
        {
            Acks = -1,
            TopicData = [new ProduceRequest.Topic { Name = topic, PartitionData = [new() { Index = partition, Records = RecordBatchWriter.ToBytes(batch) }] }],
        }, 8);

    private static Task<FetchResponse> FetchAsync(RawClient client, long offset, int maxWaitMs = 0) =>
        EdgeFixture.AskAsync<FetchResponse>(client, new FetchRequest
        {
            MaxWaitMs = maxWaitMs,
            MinBytes = 1,
            MaxBytes = 1024 * 1024,
            Topics = [new FetchRequest.Topic { Name = "orders", Partitions = [new() { PartitionIndex = 0, FetchOffset = offset, PartitionMaxBytes = 1024 * 1024 }] }],
        }, 11, TimeSpan.FromMinutes(2));

    private static RecordBatch Batch(long baseOffset, long timestamp, params string[] keys) =>
        RecordBatch.Of(keys.Select((k, i) => new KafkaRecord(baseOffset + i, timestamp, Encoding.UTF8.GetBytes(k), Encoding.UTF8.GetBytes($"v-{k}"),
            [new RecordHeader("trace", Encoding.UTF8.GetBytes("t"))])).ToList());

    private static short Error(ProduceResponse response) => response.Responses[0].PartitionResponses[0].ErrorCode;

    private static string? Text(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : null;
}
