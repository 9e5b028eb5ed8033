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
        // arrange: 50 keyless publishes over two partitions, round robin
        var producer = StartProducer(TopicsSettings.Create(ActorsSettings.DefaultConfig()) with { StickyPartitioning = false });
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
            Assert.Equal(Enumerable.Range(0, 25).Select(i => $"m{2 * i + batch.Partition}"), batch.Publishes.Select(Body));
        });
        var acks = await Task.WhenAll(publishes).WaitAsync(Wait);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (i % 2, 100L + i / 2)), acks.Select(a => (a.Partition, a.Offset)));
        _partitions.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Should_send_keyless_publishes_to_one_partition_until_they_make_a_full_batch_there_then_to_the_next()
    {
        // arrange: sticky partitioning (the default), batches of at most 4, one batch per partition on the way, a
        // linger far longer than the spec, two partitions; ten publishes wait for the topic's spec
        var settings = TopicsSettings.Create(ActorsSettings.DefaultConfig()) with
        {
            PublishBatchMessages = 4, PublishLinger = TimeSpan.FromMinutes(10), PublishBatchesInFlight = 1,
        };
        Assert.True(settings.StickyPartitioning);
        var producer = StartProducer(settings);
        var first = Enumerable.Range(0, 10).Select(i => Request(producer, $"m{i}")).ToList();

        // act: the spec comes; then, with nothing confirmed, two more
        AnswerLookup(producer, partitions: 2);
        var sent = Enumerable.Range(0, 3).Select(_ => _partitions.ExpectMsg<PublishBatch>(Wait)).ToList();
        var sticky = sent.Single(b => b.Publishes.Count == 4 && Body(b.Publishes[0]) == "m0").Partition;
        var more = Enumerable.Range(10, 2).Select(i => Request(producer, $"m{i}")).ToList();
        _partitions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // assert: four (a full batch) to the first partition, the next four to the other, the last two back to the
        // first, which they share with the two later ones: those wait for its answer and go as one batch
        Assert.Equal([["m0", "m1", "m2", "m3"], ["m8", "m9"]], sent.Where(b => b.Partition == sticky).Select(b => b.Publishes.Select(Body).ToList()));
        Assert.Equal([["m4", "m5", "m6", "m7"]], sent.Where(b => b.Partition != sticky).Select(b => b.Publishes.Select(Body).ToList()));
        foreach (var batch in sent)
            producer.Tell(new PublishConfirms(Topic, batch.Partition,
                [new ConfirmRange(batch.Publishes[0].CorrelationId, batch.Publishes[0].Producer!.Sequence, batch.Publishes.Count)]), _partitions.Ref);
        var gathered = _partitions.ExpectMsg<PublishBatch>(Wait);
        Assert.Equal(sticky, gathered.Partition);
        Assert.Equal(["m10", "m11"], gathered.Publishes.Select(Body));
        producer.Tell(new PublishConfirms(Topic, sticky, [new ConfirmRange(gathered.Publishes[0].CorrelationId, 6, 2)]), _partitions.Ref);
        var acks = await Task.WhenAll(first.Concat(more)).WaitAsync(Wait);
        Assert.Equal([sticky, sticky, sticky, sticky, 1 - sticky, 1 - sticky, 1 - sticky, 1 - sticky, sticky, sticky, sticky, sticky], acks.Select(a => a.Partition));
    }

    [Fact]
    public async Task Should_move_a_slow_producers_keyless_publishes_on_after_a_full_batchs_worth_and_at_the_byte_bound()
    {
        // arrange: sticky partitioning, batches of at most 3 publishes and 100 bytes, two partitions
        var settings = TopicsSettings.Create(ActorsSettings.DefaultConfig()) with { PublishBatchMessages = 3, MaxMessageBytes = 100 };
        var producer = StartProducer(settings);
        var partitions = new List<int>();

        // act: one publish at a time, each confirmed before the next; six small ones, two of 60 bytes, one small
        var bodies = Enumerable.Range(0, 6).Select(i => $"m{i}").Concat([new string('x', 60), new string('y', 60), "z"]).ToList();
        foreach (var (body, i) in bodies.Select((b, i) => (b, i)))
        {
            var publish = Request(producer, body);
            if (i == 0) AnswerLookup(producer, partitions: 2);
            var batch = _partitions.ExpectMsg<PublishBatch>(Wait);
            producer.Tell(new PublishConfirms(Topic, batch.Partition,
                [new ConfirmRange(batch.Publishes[0].CorrelationId, batch.Publishes[0].Producer!.Sequence, 1)]), _partitions.Ref);
            partitions.Add((await publish.WaitAsync(Wait)).Partition);
        }

        // assert: three to one partition, three to the other, then back for the two of 60 bytes: 120 bytes there, of at
        // most 100 per batch, so the last moves on after two
        var first = partitions[0];
        Assert.Equal([first, first, first, 1 - first, 1 - first, 1 - first, first, first, 1 - first], partitions);
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

    [Fact]
    public async Task Should_send_a_lone_publish_at_once_and_gather_the_next_ones_until_the_partition_answers()
    {
        // arrange: one batch per partition on the way, a linger far longer than the spec
        var settings = TopicsSettings.Create(ActorsSettings.DefaultConfig()) with { PublishLinger = TimeSpan.FromMinutes(10), PublishBatchesInFlight = 1 };
        var producer = StartProducer(settings);
        var first = Request(producer, "m0");
        AnswerLookup(producer, partitions: 1);
        var lone = _partitions.ExpectMsg<PublishBatch>(Wait);

        // act: three more while the first is unanswered, then its confirm
        var next = Enumerable.Range(1, 3).Select(i => Request(producer, $"m{i}")).ToList();
        _partitions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        producer.Tell(new PublishConfirms(Topic, 0, [new ConfirmRange(lone.Publishes[0].CorrelationId, 0, 1)]), _partitions.Ref);
        var gathered = _partitions.ExpectMsg<PublishBatch>(Wait);
        producer.Tell(new PublishConfirms(Topic, 0, [new ConfirmRange(gathered.Publishes[0].CorrelationId, 1, 3)]), _partitions.Ref);

        // assert: the lone one went alone and at once; the three waited and went together
        Assert.Equal(["m0"], lone.Publishes.Select(Body));
        Assert.Equal(["m1", "m2", "m3"], gathered.Publishes.Select(Body));
        Assert.Equal([0L, 1, 2, 3], (await Task.WhenAll(next.Prepend(first)).WaitAsync(Wait)).Select(a => a.Offset));
    }

    [Fact]
    public async Task Should_send_what_gathered_after_the_linger_when_the_partition_does_not_answer()
    {
        // arrange: the partition never answers the first batch
        var settings = TopicsSettings.Create(ActorsSettings.DefaultConfig()) with { PublishLinger = TimeSpan.FromMilliseconds(100), PublishBatchesInFlight = 1 };
        var producer = StartProducer(settings);
        _ = Request(producer, "m0");
        AnswerLookup(producer, partitions: 1);
        _partitions.ExpectMsg<PublishBatch>(Wait);

        // act
        var held = Request(producer, "m1");
        var late = _partitions.ExpectMsg<PublishBatch>(Wait);
        producer.Tell(new PublishConfirms(Topic, 0, [new ConfirmRange(late.Publishes[0].CorrelationId, 1, 1)]), _partitions.Ref);

        // assert: held no longer than the linger allows, then sent (and confirmed) without an answer to the first
        Assert.Equal(["m1"], late.Publishes.Select(Body));
        Assert.Equal(1, (await held.WaitAsync(Wait)).Offset);
    }

    private static string Body(BatchedPublish publish) => System.Text.Encoding.UTF8.GetString(publish.Message.Payload);

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
