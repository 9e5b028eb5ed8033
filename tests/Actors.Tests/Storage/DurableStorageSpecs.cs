using System.Text;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Storage;

/// <summary>
/// The same durability scenario on each journal a node can be given: publish, consume part of the topic
/// with acks, stop the node, start a new one on the same storage, and find the committed offsets and the
/// unconsumed messages still there. SQLite always runs; PostgreSQL runs where a server is provided.
/// </summary>
public sealed partial class DurableStorageSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-storage-").FullName;
    private readonly List<ActorSystem> _systems = [];

    /// <summary>The journal in a SQLite file of this spec's own folder.</summary>
    private string SqliteStorage => $$"""actors.storage { provider = sqlite, sqlite.path = "{{Path.Combine(_folder, "journal.db").Replace("\\", "/")}}" }""";

    /// <summary>The journal on the PostgreSQL server of ACTORS_TEST_POSTGRES; each run gets its own topic name, the server's database outlives the run.</summary>
    private static string PostgresStorage =>
        $$"""actors.storage { provider = postgresql, postgresql.connection-string = "{{PostgresFactAttribute.ConnectionString!.Replace("\"", "\\\"", StringComparison.Ordinal)}}" }""";

    [Fact]
    public Task Should_keep_messages_and_commits_across_a_restart_on_sqlite() =>
        RestartScenario(SqliteStorage);

    [PostgresFact]
    public Task Should_keep_messages_and_commits_across_a_restart_on_postgresql() =>
        RestartScenario(PostgresStorage);

    [Fact]
    public Task Should_recover_a_paged_partition_from_its_last_snapshot_on_sqlite() =>
        PagedRecoveryScenario(SqliteStorage);

    [PostgresFact]
    public Task Should_recover_a_paged_partition_from_its_last_snapshot_on_postgresql() =>
        PagedRecoveryScenario(PostgresStorage);

    [Fact]
    public Task Should_replay_every_stored_event_when_an_earlier_writer_wrote_again_on_sqlite() =>
        ReplayScenario(SqliteStorage);

    [PostgresFact]
    public Task Should_replay_every_stored_event_when_an_earlier_writer_wrote_again_on_postgresql() =>
        ReplayScenario(PostgresStorage);

    /// <summary>
    /// Events of one persistence id written through node A's journal, then node B's, then A's again (a partition
    /// that moved from A to B and back). The plugin stores one writer id per journal, not per actor, so A's later
    /// events look like an "old writer's"; but the table's unique (id, sequence) keeps one linear history whose
    /// every event was confirmed, and recovery must replay all of them.
    /// </summary>
    private async Task ReplayScenario(string storage)
    {
        // arrange
        var persistenceId = "replay-filter-" + Guid.NewGuid().ToString("N")[..8];
        var a = await StartNodeAsync(storage);
        var b = await StartNodeAsync(storage);
        var writers = new[] { a, a, b, b, a, a };
        for (var i = 0; i < writers.Length; i++)
        {
            var journal = Akka.Persistence.Persistence.Instance.Apply(writers[i]).JournalFor(null);
            var probe = new Akka.TestKit.TestProbe(writers[i], new Akka.TestKit.Xunit2.XunitAssertions());
            var persistent = new Akka.Persistence.Persistent($"event-{i + 1}", i + 1, persistenceId, string.Empty, false, ActorRefs.NoSender, "writer");
            journal.Tell(new Akka.Persistence.WriteMessages([new Akka.Persistence.AtomicWrite(persistent)], probe.Ref, 1));
            probe.ExpectMsg<Akka.Persistence.WriteMessagesSuccessful>(Wait);
            probe.ExpectMsg<Akka.Persistence.WriteMessageSuccess>(Wait);
        }

        // act: the persistence id recovers on B
        var replayed = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.ActorOf(Props.Create(() => new ReplayCounter(persistenceId, replayed)));

        // assert: nothing discarded as an "old writer's" event
        Assert.Equal(writers.Select((_, i) => $"event-{i + 1}"), await replayed.Task.WaitAsync(Wait));
    }

    /// <summary>Recovers a persistence id and reports the events it replays, in order.</summary>
    private sealed class ReplayCounter : Akka.Persistence.ReceivePersistentActor
    {
        public ReplayCounter(string persistenceId, TaskCompletionSource<IReadOnlyList<string>> replayed)
        {
            PersistenceId = persistenceId;
            var events = new List<string>();
            Recover<string>(events.Add);
            Recover<Akka.Persistence.RecoveryCompleted>(_ => replayed.TrySetResult(events));
        }

        public override string PersistenceId { get; }
    }

    private async Task RestartScenario(string storage)
    {
        // arrange: a topic of 3 partitions with 300 messages; a group acks the first 200 it receives
        var topic = new TopicName("durable-" + Guid.NewGuid().ToString("N")[..8]);
        var group = new GroupName("readers");
        var first = await StartNodeAsync(storage);
        var broker = Broker.Get(first);
        await broker.Client.CreateTopicAsync(topic, 3, Wait);
        for (var i = 0; i < 300; i++)
            await broker.Client.PublishAsync(topic, Encoding.UTF8.GetBytes($"m{i}"), $"k{i % 7}", timeout: Wait);

        var consumed = new HashSet<string>();
        var probe = new Akka.TestKit.TestProbe(first, new Akka.TestKit.Xunit2.XunitAssertions());
        broker.Subscribe(new ConsumerSettings(topic, group, 20, StartFrom.Earliest), probe.Ref);
        while (consumed.Count < 200)
        {
            var delivery = probe.ExpectMsg<Delivery>(Wait);
            consumed.Add(Encoding.UTF8.GetString(delivery.Message.Payload));
            probe.LastSender.Tell(delivery.ToAck());
        }

        await Until(async () => await Committed(broker, topic, group) == 200, "the 200 acks committed");
        await probe.Ref.GracefulStop(Wait);
        await CoordinatedShutdown.Get(first).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);

        // act: a new node on the same storage
        var second = await StartNodeAsync(storage);
        var restarted = Broker.Get(second);

        // assert: offsets and commits survived, and the group resumes with exactly the 100 unconsumed messages
        var status = await restarted.Client.GetStatusAsync(topic, Wait);
        Assert.Equal(300, status.Sum(p => p.EndOffset));
        Assert.Equal(200, await Committed(restarted, topic, group));

        var rest = new Akka.TestKit.TestProbe(second, new Akka.TestKit.Xunit2.XunitAssertions());
        restarted.Subscribe(new ConsumerSettings(topic, group, 20, StartFrom.Earliest), rest.Ref);
        var remaining = new HashSet<string>();
        while (remaining.Count < 100)
        {
            var delivery = rest.ExpectMsg<Delivery>(Wait);
            remaining.Add(Encoding.UTF8.GetString(delivery.Message.Payload));
            rest.LastSender.Tell(delivery.ToAck());
        }

        Assert.Empty(remaining.Intersect(consumed));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"m{i}").Order(), consumed.Concat(remaining).Order());
        await CoordinatedShutdown.Get(second).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }

    /// <summary>
    /// A partition whose log is far larger than its in-memory tail, written in many journal events, stops and starts on a
    /// new node: it recovers from its last snapshot (replaying only the events after it), every message is still
    /// readable from the journal in order, the group's commit and an idempotent producer's sequences are intact.
    /// </summary>
    private async Task PagedRecoveryScenario(string storage)
    {
        // arrange: 2,000 messages of ~100 bytes over a 4 KiB tail, 10 to a journal event (200 and more events), a snapshot
        // every 50 events; then an idempotent producer's sequences 0..4 at offsets 2000..2004; a group acks offsets below 1500
        const string paging = "actors.topics { cache-size = 4 KiB, page-size = 16 KiB, max-batch-messages = 10, snapshot-every = 50 }";
        var topic = new TopicName("paged-" + Guid.NewGuid().ToString("N")[..8]);
        var group = new GroupName("readers");
        var bodies = Enumerable.Range(0, 2000).Select(i => $"m{i:D4} ".PadRight(100, '.')).ToList();
        var first = await StartNodeAsync(storage, paging);
        var broker = Broker.Get(first);
        await broker.Client.CreateTopicAsync(topic, 1, Wait);
        await broker.Client.PublishManyAsync(topic, bodies.Select((b, i) => new Actors.Client.MessageToPublish(Encoding.UTF8.GetBytes(b), $"k{i % 7}")).ToList(), Wait);
        for (var sequence = 0; sequence < 5; sequence++)
            Assert.Equal(2000 + sequence, Assert.IsType<PublishAck>(await PublishAsProducer(broker, topic, sequence)).Offset);

        var probe = new Akka.TestKit.TestProbe(first, new Akka.TestKit.Xunit2.XunitAssertions());
        broker.Subscribe(new ConsumerSettings(topic, group, 100, StartFrom.Earliest), probe.Ref);
        for (var acked = 0; acked < 1500;)
        {
            var delivery = probe.ExpectMsg<Delivery>(Wait);
            if (delivery.Offset >= 1500) continue;
            probe.LastSender.Tell(delivery.ToAck());
            acked++;
        }

        await Until(async () => await Committed(broker, topic, group) == 1500, "the 1,500 acks committed");
        await probe.Ref.GracefulStop(Wait);
        await CoordinatedShutdown.Get(first).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);

        // act: a new node on the same storage
        var second = await StartNodeAsync(storage, paging);
        var restarted = Broker.Get(second);
        var status = (await restarted.Client.GetStatusAsync(topic, Wait)).Single();
        output.WriteLine($"recovered offsets {status.StartOffset}..{status.EndOffset}, {status.RecoveredEvents} events replayed after the snapshot");

        // assert: offsets and the commit survived, and recovery replayed only the events after the last snapshot
        Assert.Equal((0L, 2005L), (status.StartOffset, status.EndOffset));
        Assert.Equal(1500, await Committed(restarted, topic, group));
        Assert.InRange(status.RecoveredEvents, 0, 59);

        // assert: the producer's resend is answered with its original offset, a gap is refused
        Assert.Equal(2002, Assert.IsType<PublishAck>(await PublishAsProducer(restarted, topic, 2)).Offset);
        var gap = Assert.IsType<PublishRejected>(await PublishAsProducer(restarted, topic, 10));
        Assert.Equal((PublishError.OutOfOrderSequence, 5), (gap.Error, gap.ExpectedSequence));

        // assert: the group goes on at 1500; a new group from the earliest offset reads every message in order
        var resumed = new Akka.TestKit.TestProbe(second, new Akka.TestKit.Xunit2.XunitAssertions());
        restarted.Subscribe(new ConsumerSettings(topic, group, 100, StartFrom.Earliest), resumed.Ref);
        Assert.Equal(1500, resumed.ExpectMsg<Delivery>(Wait).Offset);
        var late = new Akka.TestKit.TestProbe(second, new Akka.TestKit.Xunit2.XunitAssertions());
        restarted.Subscribe(new ConsumerSettings(topic, new GroupName("late"), 200, StartFrom.Earliest), late.Ref);
        for (var offset = 0; offset < 2005; offset++)
        {
            var delivery = late.ExpectMsg<Delivery>(Wait);
            late.LastSender.Tell(delivery.ToAck());
            Assert.Equal(offset, delivery.Offset);
            if (offset < 2000) Assert.Equal(bodies[offset], Encoding.UTF8.GetString(delivery.Message.Payload));
        }

        await CoordinatedShutdown.Get(second).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }

    private static Task<object> PublishAsProducer(Broker broker, TopicName topic, int sequence) =>
        broker.TopicRef(topic).Ask<object>(
            new Publish(topic, [(byte)sequence], "p", CorrelationId: sequence, Partition: 0, Producer: new ProducerSequence(77, 0, sequence)), Wait);

    private async Task<ActorSystem> StartNodeAsync(string storage, string extra = "")
    {
        var system = TestConfig.Start("storage", TestConfig.ClusterNode(storage, "akka.loglevel = WARNING\n" + extra));
        _systems.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(cluster.SelfAddress);
        await Until(() => Task.FromResult(cluster.SelfMember.Status == Akka.Cluster.MemberStatus.Up), "the node up");
        output.WriteLine($"node up at {cluster.SelfAddress}");
        return system;
    }

    private static async Task<long> Committed(Broker broker, TopicName topic, GroupName group) =>
        (await broker.Client.GetStatusAsync(topic, Wait)).Sum(p => p.Groups.FirstOrDefault(g => g.Group == group)?.CommittedOffset ?? 0);

    private static Task Until(Func<Task<bool>> condition, string what) => Poll.UntilAsync(condition, Wait, what);

    public void Dispose()
    {
        // Nodes a failed assertion left running; a finished scenario already stopped its own.
        Task.WhenAll(_systems.Select(s => s.Terminate())).Wait(Wait);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
