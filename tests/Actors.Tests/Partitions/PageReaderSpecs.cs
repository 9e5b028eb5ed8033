using Actors.Partitions;
using Actors.Topics;
using Akka.Persistence;

namespace Actors.Tests.Partitions;

/// <summary>
/// A page reader asks the journal for one page's events with <see cref="ReplayMessages"/> and tells its partition (its
/// parent) one answer: the page's messages, in offset order and only those of its offsets, or a failure (the journal
/// failed, or did not answer in time), so the partition can log it and ask again.
/// </summary>
public sealed class PageReaderSpecs(ITestOutputHelper output) : TestKit(TestConfig.ClusterNode(), output: output)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // The page: journal events 4..6, offsets 10..14 (event 4 also holds offsets 8 and 9, of the page before).
    private static readonly LogPage Page = new(10, 14, 4, 6, T0, T0, 1000);

    [Fact]
    public void Should_replay_the_pages_events_and_answer_with_its_messages_in_offset_order()
    {
        // arrange
        var journal = CreateTestProbe();
        ActorOfAsTestActorRef<PageReader>(PageReader.Props(journal.Ref, "partition-t-0", Page, Wait), TestActor);

        // act
        var replay = journal.ExpectMsg<ReplayMessages>();
        Replay(journal, replay, 4, Batch(8, 4));
        Replay(journal, replay, 5, new GroupsCommitted(new Dictionary<string, long> { ["g"] = 3 }));
        Replay(journal, replay, 6, Batch(12, 3));
        journal.Reply(new RecoverySuccess(6));

        // assert
        Assert.Equal((4L, 6L, "partition-t-0"), (replay.FromSequenceNr, replay.ToSequenceNr, replay.PersistenceId));
        var loaded = ExpectMsg<PageLoaded>();
        Assert.Equal(Page.Key, loaded.Key);
        Assert.Equal([10L, 11, 12, 13, 14], loaded.Messages.Select(m => m.Offset));
        Assert.Equal(["k10", "k11", "k12", "k13", "k14"], loaded.Messages.Select(m => m.Message.Key));
    }

    [Fact]
    public void Should_answer_with_a_failure_when_the_journal_fails_the_replay()
    {
        var journal = CreateTestProbe();
        ActorOfAsTestActorRef<PageReader>(PageReader.Props(journal.Ref, "partition-t-0", Page, Wait), TestActor);

        journal.ExpectMsg<ReplayMessages>();
        journal.Reply(new ReplayMessagesFailure(new InvalidOperationException("database is locked")));

        Assert.Equal(new PageFailed(Page.Key, "database is locked"), ExpectMsg<PageFailed>());
    }

    [Fact]
    public void Should_answer_with_a_failure_when_the_journal_does_not_answer_in_time()
    {
        var journal = CreateTestProbe();
        ActorOfAsTestActorRef<PageReader>(PageReader.Props(journal.Ref, "partition-t-0", Page, TimeSpan.FromMilliseconds(300)), TestActor);

        journal.ExpectMsg<ReplayMessages>();

        Assert.Contains("did not answer", ExpectMsg<PageFailed>(Wait).Reason);
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static MessagesAppended Batch(long first, int count) =>
        new(first, Enumerable.Range(0, count).Select(i => new TopicMessage($"k{first + i}", [], TopicMessage.NoHeaders, T0)).ToList());

    private static void Replay(Akka.TestKit.TestProbe journal, ReplayMessages replay, long sequenceNr, object @event) =>
        replay.PersistentActor.Tell(new ReplayedMessage(new Persistent(@event, sequenceNr, replay.PersistenceId)), journal.Ref);
}
