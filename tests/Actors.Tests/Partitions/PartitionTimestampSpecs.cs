using Actors.Partitions;
using Actors.Topics;
using Akka.Persistence;

namespace Actors.Tests.Partitions;

/// <summary>
/// A partition stamps messages with the broker's time, never earlier than the message before it, so a seek by
/// time can bisect the log. That must hold across recovery: a partition that moves to a node whose clock is
/// behind the previous node's keeps stamping from the last timestamp of the log it recovered.
/// </summary>
public sealed class PartitionTimestampSpecs(ITestOutputHelper output) : BrokerSpec(output)
{
    [Fact]
    public async Task Should_never_stamp_a_message_earlier_than_the_last_one_of_the_log_it_recovered()
    {
        // arrange: the partition's journal holds a message stamped an hour ahead of this node's clock, as
        // one written on a node whose clock ran fast before the partition moved here
        await CreateTopic("stamps", partitions: 1);
        var ahead = DateTimeOffset.UtcNow.AddHours(1);
        var written = new MessagesAppended(0, [new TopicMessage("k", [1], TopicMessage.NoHeaders, ahead)]);
        Sys.ActorOf(Props.Create(() => new JournalWriter("partition-stamps-0", written, TestActor)));
        ExpectMsg<MessagesAppended>(Wait);

        // act: the partition recovers that log here and takes a new publish
        var ack = await Broker.Client.PublishAsync(new TopicName("stamps"), [2]);

        // assert
        Assert.Equal(1, ack.Offset);
        var consumer = CreateTestProbe();
        Consume("stamps", "readers", consumer.Ref);
        var recovered = consumer.ExpectMsg<Delivery>(Wait);
        var fresh = consumer.ExpectMsg<Delivery>(Wait);
        Assert.Equal((0L, 1L), (recovered.Offset, fresh.Offset));
        Assert.True(fresh.Message.Timestamp >= recovered.Message.Timestamp,
            $"offset 1 stamped {fresh.Message.Timestamp:O}, before offset 0 at {recovered.Message.Timestamp:O}");
    }

    /// <summary>Writes one event under a persistence id, as a partition on another node did, and reports it.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, object @event, IActorRef report)
        {
            PersistenceId = persistenceId;
            Recover<RecoveryCompleted>(_ => Persist(@event, e => report.Tell(e)));
        }

        public override string PersistenceId { get; }
    }
}
