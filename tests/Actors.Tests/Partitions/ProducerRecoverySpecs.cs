using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

/// <summary>
/// A partition's producer state lives in its journal: after its node crashed and the partition recovered on a new
/// node from the same journal, a resend is still answered with its original offset and a gap still refused, also for
/// sequences whose events retention deleted (the checkpoint written before the delete carries them).
/// </summary>
public sealed class ProducerRecoverySpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const long Producer = 77;
    private static readonly TimeSpan Wait = InProcessCluster.Wait;
    private static readonly TopicName Topic = new("recovered");
    private readonly InProcessCluster _cluster = new("producer-recovery", output, "actors.topics.retention.max-messages = 3");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_answer_resends_and_refuse_gaps_the_same_after_a_crash_and_retention()
    {
        // arrange: sequences 0..7 stored at offsets 0..7; retention keeps the last three, after a checkpoint
        var first = (await _cluster.StartAsync("a"))[0];
        await Broker.Get(first).Client.CreateTopicAsync(Topic, 1, Wait);
        for (var sequence = 0; sequence < 8; sequence++) Assert.Equal(sequence, Offset(await PublishAsync(first, sequence)));
        await _cluster.UntilAsync(async () => (await Broker.Get(first).Client.GetStatusAsync(Topic, Wait)).Single().StartOffset >= 5,
            "retention removed offsets 0..4");
        // Journal writes keep their order: once 8 is stored, the checkpoint retention wrote before it is too.
        Assert.Equal(8, Offset(await PublishAsync(first, 8)));

        // act: crash the node, recover the partition on a new one from the same journal
        await InProcessCluster.CrashAsync(first);
        var second = (await _cluster.StartAsync("b"))[0];

        // assert
        Assert.Equal(6, Offset(await PublishAsync(second, 6)));
        Assert.Equal(2, Offset(await PublishAsync(second, 2)));
        var gap = Assert.IsType<PublishRejected>(await PublishAsync(second, 10));
        Assert.Equal((PublishError.OutOfOrderSequence, 9), (gap.Error, gap.ExpectedSequence));
        Assert.Equal(9, Offset(await PublishAsync(second, 9)));
        Assert.Equal(10, (await Broker.Get(second).Client.GetStatusAsync(Topic, Wait)).Single().EndOffset);
    }

    private static Task<object> PublishAsync(ActorSystem node, int sequence) =>
        Broker.Get(node).TopicRef(Topic).Ask<object>(
            new Publish(Topic, [(byte)sequence], "k", CorrelationId: sequence, Partition: 0, Producer: new ProducerSequence(Producer, 0, sequence)), Wait);

    private static long Offset(object reply) => Assert.IsType<PublishAck>(reply).Offset;
}
