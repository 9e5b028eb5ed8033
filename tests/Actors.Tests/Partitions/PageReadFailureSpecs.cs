using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Actors.Tests.Partitions;

/// <summary>
/// A page the journal fails to read back is logged once and asked for again on the partition's next tick; the
/// partition keeps taking writes meanwhile, and the group waiting at that page goes on in order once it is read.
/// </summary>
public sealed class PageReadFailureSpecs(ITestOutputHelper output) : BrokerSpec(output, """
    actors.topics { cache-size = 4 KiB, page-size = 16 KiB }
    akka.persistence.journal.plugin = "actors-tests.flaky-replay-journal"
    actors-tests.flaky-replay-journal {
      class = "Actors.Tests.Partitions.FlakyReplayJournal, Actors.Tests"
      plugin-dispatcher = "akka.actor.default-dispatcher"
    }
    """)
{
    [Fact]
    public async Task Should_log_a_failed_page_read_once_and_read_it_again_on_the_next_tick_while_writes_go_on()
    {
        // arrange: 1,000 messages, far more than the 4 KiB tail; the next 3 reads of the first page fail
        await CreateTopic("flaky", partitions: 1);
        await Broker.Client.PublishManyAsync(new TopicName("flaky"),
            Enumerable.Range(0, 1000).Select(i => new Actors.Client.MessageToPublish(System.Text.Encoding.UTF8.GetBytes($"m{i}".PadRight(100, '.')), "k")).ToList(), Wait);
        FlakyReplayJournal.FailReplaysFromTheStart(3);
        var consumer = CreateTestProbe();

        // act: the group waits for the first page while a publish is confirmed
        var ack = await EventFilter.Warning(contains: "from the journal failed").ExpectOneAsync(async () =>
        {
            Consume("flaky", "g", consumer.Ref, prefetch: 100);
            var published = await Broker.Client.PublishAsync(new TopicName("flaky"), "m1000"u8.ToArray(), "k");
            await AwaitConditionAsync(() => Task.FromResult(FlakyReplayJournal.FailuresLeft == 0), Wait);
            return published;
        });

        // assert
        Assert.Equal(1000, ack.Offset);
        for (var offset = 0; offset <= 1000; offset++)
        {
            var delivery = consumer.ExpectMsg<Delivery>(Wait);
            consumer.Reply(delivery.ToAck());
            Assert.Equal(offset, delivery.Offset);
        }
    }
}

/// <summary>The in-memory journal, failing a given number of replays from sequence number 1 (page reads of a partition's first page).</summary>
public sealed class FlakyReplayJournal : MemoryJournal
{
    private static int _failures;

    public static int FailuresLeft => Volatile.Read(ref _failures);

    public static void FailReplaysFromTheStart(int times) => Volatile.Write(ref _failures, times);

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        if (fromSequenceNr == 1 && persistenceId.StartsWith("partition-flaky", StringComparison.Ordinal) && TakeFailure())
            return Task.FromException(new InvalidOperationException("the journal is unwell"));
        return base.ReplayMessagesAsync(context, persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback);
    }

    private static bool TakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _failures);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _failures, left - 1, left) == left) return true;
        }
    }
}
