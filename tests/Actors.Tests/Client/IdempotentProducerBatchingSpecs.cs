using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;
using Akka.TestKit;

namespace Actors.Tests.Client;

/// <summary>
/// The idempotent producer's way to the partitions: what it holds for a partition goes as one
/// <see cref="PublishBatch"/> (within the count and byte bounds), numbered in order, and one
/// <see cref="PublishConfirms"/> range completes every publish it covers. The endpoints are probes, so every
/// message on the wire is seen.
/// </summary>
public sealed class IdempotentProducerBatchingSpecs : TestKit
{
    private static readonly TopicName Topic = new("orders");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TestProbe _registry;
    private readonly TestProbe _partitions;

    public IdempotentProducerBatchingSpecs(ITestOutputHelper output) : base(output: output)
    {
        _registry = CreateTestProbe();
        _partitions = CreateTestProbe();
    }

    [Fact]
    public async Task Should_send_the_publishes_waiting_for_a_partition_as_one_batch_and_complete_them_all_with_one_confirm()
    {
        // arrange: 50 keyless publishes over two partitions (round robin)
        var producer = StartProducer(TopicsSettings.Create(ActorsSettings.DefaultConfig()));
        var publishes = Enumerable.Range(0, 50).Select(i => Request(producer, $"m{i}")).ToList();

        // act: the topic's spec arrives once all 50 wait for it; each partition's batch is confirmed with one range
        AnswerLookup(producer, partitions: 2);
        var batches = new[] { _partitions.ExpectMsg<PublishBatch>(Wait), _partitions.ExpectMsg<PublishBatch>(Wait) }.OrderBy(b => b.Partition).ToList();
        foreach (var batch in batches)
            producer.Tell(new PublishConfirms(Topic, batch.Partition, [new ConfirmRange(batch.Publishes[0].CorrelationId, 100, 25)]), _partitions.Ref);

        // assert: one message of 25 per partition, sequences 0..24 in publish order under consecutive correlation
        // ids, and every publish confirmed at its offset
        Assert.All(batches, batch =>
        {
            Assert.Equal(Enumerable.Range(0, 25), batch.Publishes.Select(p => p.Producer!.Sequence));
            Assert.Equal(Enumerable.Range(0, 25).Select(i => batch.Publishes[0].CorrelationId + i), batch.Publishes.Select(p => p.CorrelationId));
            Assert.Equal(Enumerable.Range(0, 25).Select(i => $"m{2 * i + batch.Partition}"), batch.Publishes.Select(p => System.Text.Encoding.UTF8.GetString(p.Message.Payload)));
        });
        var acks = await Task.WhenAll(publishes).WaitAsync(Wait);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (i % 2, 100L + i / 2)), acks.Select(a => (a.Partition, a.Offset)));
        _partitions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Should_cut_batches_at_the_count_and_byte_bounds_and_send_a_larger_message_alone()
    {
        // arrange: at most 4 publishes and 1,000 bytes per batch
        var settings = TopicsSettings.Create(ActorsSettings.DefaultConfig()) with { PublishBatchMessages = 4, MaxMessageBytes = 1000 };
        var producer = StartProducer(settings);
        var sizes = new[] { 10, 10, 10, 10, 10, 300, 300, 300, 300, 990, 20 };
        foreach (var size in sizes) Request(producer, new string('x', size));

        // act
        AnswerLookup(producer, partitions: 1);
        var batches = Enumerable.Range(0, 5).Select(_ => _partitions.ExpectMsg<PublishBatch>(Wait)).ToList();

        // assert: 4 by count; 10 + 300 + 300 + 300 by bytes; 300 alone before 990, which goes alone; then the last
        Assert.Equal([4, 4, 1, 1, 1], batches.Select(b => b.Publishes.Count));
        Assert.All(batches, b => Assert.True(b.Publishes.Sum(p => p.Message.Size) <= 1000 || b.Publishes.Count == 1));
        Assert.Equal(Enumerable.Range(0, sizes.Length), batches.SelectMany(b => b.Publishes).Select(p => p.Producer!.Sequence));
        _partitions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    private IActorRef StartProducer(TopicsSettings settings) =>
        Sys.ActorOf(IdempotentProducer.Props(new ProbeEndpoints(Sys, settings, _registry.Ref, _partitions.Ref)));

    private void AnswerLookup(IActorRef producer, int partitions)
    {
        _registry.ExpectMsg<GetTopic>(Wait);
        producer.Tell(new TopicInfo(TopicsSettings.Create(ActorsSettings.DefaultConfig()).DefaultSpec(Topic, partitions)));
    }

    private static Task<PublishAck> Request(IActorRef producer, string payload)
    {
        var completion = new TaskCompletionSource<PublishAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        producer.Tell(new PublishRequest(Topic, System.Text.Encoding.UTF8.GetBytes(payload), null, null, completion));
        return completion.Task;
    }

    private sealed class ProbeEndpoints(ActorSystem system, TopicsSettings settings, IActorRef registry, IActorRef partitions) : ITopicEndpoints
    {
        public ActorSystem System => system;

        public TopicsSettings Settings => settings;

        public IActorRef Registry => registry;

        public IActorRef Partitions => partitions;

        public IActorRef Groups => ActorRefs.Nobody;

        public IActorRef TopicRef(TopicName topic) => partitions;

        public void Open(ConsumerSettings consumer, IActorRef target) => throw new NotSupportedException("no consumers here");
    }
}
