using Actors.Kafka.Records;
using Actors.Topics;

namespace Actors.Kafka.Edge;

/// <summary>
/// A produced batch larger than a remoting frame may carry is appended in consecutive pieces, each its producer's
/// next: the whole batch lands in order, a resend of it is still a duplicate answered with its first offset.
/// </summary>
public sealed class EdgePieceSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly EdgeFixture _edge = new("edge-pieces", output, tune: s => s with { MaxForwardBytes = 1000 });

    public async Task InitializeAsync()
    {
        await _edge.StartAsync("a");
        await Broker.Get(_edge.Nodes[0]).Client.CreateTopicAsync(new TopicName("big"), 1, EdgeFixture.Wait);
    }

    public Task DisposeAsync() => _edge.DisposeAsync().AsTask();

    [Fact]
    public void Should_cut_messages_into_pieces_under_the_limit_with_at_least_one_each()
    {
        // arrange: 300, 300, 300, 2000, 100 bytes
        var messages = new[] { 300, 300, 300, 2000, 100 }.Select(n => new TopicMessage(null, new byte[n], TopicMessage.NoHeaders, default)).ToList();

        // act
        var pieces = ProduceHandler.Pieces(messages, 1000).ToList();

        // assert
        Assert.Equal([(0, 3), (3, 1), (4, 1)], pieces);
    }

    [Fact]
    public async Task Should_append_a_large_idempotent_batch_in_pieces_and_answer_its_resend_as_a_duplicate()
    {
        // arrange: 20 records of 210 bytes, about five pieces
        await using var client = await _edge.ConnectAsync();
        var records = Enumerable.Range(0, 20).Select(i => new KafkaRecord(i, 0, Encoding.UTF8.GetBytes($"k{i:00}"), new byte[207], [])).ToList();
        var batch = RecordBatch.Of(records, producerId: 99, producerEpoch: 0, baseSequence: 0);

        // act
        var first = await ProduceAsync(client, batch);
        var resent = await ProduceAsync(client, batch);
        var fetched = await EdgeFixture.AskAsync<FetchResponse>(client, new FetchRequest
        {
            MaxBytes = 1 << 20,
            Topics = [new FetchRequest.Topic { Name = "big", Partitions = [new() { PartitionIndex = 0, PartitionMaxBytes = 1 << 20 }] }],
        }, 11);

        // assert: written once, in order; the read is capped at the same limit (five messages, whole)
        Assert.Equal((0, 0L), (first.ErrorCode, first.BaseOffset));
        Assert.Equal((0, 0L), (resent.ErrorCode, resent.BaseOffset));
        var partition = fetched.Responses[0].Partitions[0];
        Assert.Equal(20, partition.HighWatermark);
        var read = RecordBatchReader.ReadAll(partition.Records!.Value).SelectMany(b => b.Records).Select(r => Encoding.UTF8.GetString(r.Key!.Value.Span)).ToList();
        Assert.Equal(Enumerable.Range(0, read.Count).Select(i => $"k{i:00}"), read);
        Assert.InRange(read.Count, 1, 5);
    }

    private static async Task<ProduceResponse.Partition> ProduceAsync(Server.RawClient client, RecordBatch batch) =>
        (await EdgeFixture.AskAsync<ProduceResponse>(client, new ProduceRequest
        {
            TopicData = [new ProduceRequest.Topic { Name = "big", PartitionData = [new() { Index = 0, Records = RecordBatchWriter.ToBytes(batch) }] }],
        }, 8)).Responses[0].PartitionResponses[0];
}
