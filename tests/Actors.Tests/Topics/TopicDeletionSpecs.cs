using System.Collections.Concurrent;
using System.Text;
using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;
using Akka.Persistence;

namespace Actors.Tests.Topics;

/// <summary>
/// Deleting a topic on a two-node cluster sharing one SQLite journal: its partitions and groups are spread over
/// both nodes, both nodes have published to it (so each node's topic ref holds its spec) and a consumer is reading
/// it. After the deletion the topic and its dead-letter topic are gone from every node, every journal they wrote is
/// empty, the consumer was told, and the topic created again with another partition count starts empty, with the
/// new count used by the topic refs of both nodes.
/// </summary>
public sealed class TopicDeletionSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TopicName Topic = new("doomed");
    private static readonly TopicName DeadLetters = new("doomed.dlq");
    private static readonly GroupName Group = new("readers");
    private readonly InProcessCluster _cluster = new("deletion", output);
    private readonly ConcurrentQueue<object> _consumed = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_delete_a_topic_its_journals_and_groups_on_every_node_and_start_a_recreated_one_empty()
    {
        // arrange: 4 partitions, 20 messages published through each node, all consumed by a group that keeps reading
        var nodes = await _cluster.StartAsync("a", "b");
        var (a, b) = (Broker.Get(nodes[0]), Broker.Get(nodes[1]));
        await a.Client.CreateTopicAsync(Topic, 4, InProcessCluster.Wait);
        for (var i = 0; i < 20; i++)
        {
            await a.Client.PublishAsync(Topic, Body($"a{i}"), $"k{i}", timeout: InProcessCluster.Wait);
            await b.Client.PublishAsync(Topic, Body($"b{i}"), $"k{i}", timeout: InProcessCluster.Wait);
        }

        b.Subscribe(new ConsumerSettings(Topic, Group, 10, StartFrom.Earliest), nodes[1].ActorOf(Props.Create(() => new Acker(_consumed))));
        await _cluster.UntilAsync(async () => (await a.Client.GetStatusAsync(Topic, InProcessCluster.Wait)).Sum(Committed) == 40, "all 40 messages committed");

        // act
        var deleted = await a.Client.DeleteTopicAsync(Topic, InProcessCluster.Wait);

        // assert: what the answer says, and that the consumer was told
        Assert.Equal([Topic, DeadLetters], deleted.Topics);
        Assert.Equal(8, deleted.Partitions);
        Assert.Equal([Group], deleted.Groups);
        await _cluster.Until(() => _consumed.OfType<GroupStopped>().Any(), "the consumer told its group stopped");

        // ... gone from every node
        foreach (var broker in new[] { a, b })
        {
            Assert.Null(await broker.Client.GetTopicAsync(Topic, InProcessCluster.Wait));
            Assert.Null(await broker.Client.GetTopicAsync(DeadLetters, InProcessCluster.Wait));
            Assert.DoesNotContain((await broker.Client.ListTopicsAsync(InProcessCluster.Wait)).Select(t => t.Name), n => n == Topic || n == DeadLetters);
        }

        // ... with every journal it wrote empty
        var persistenceIds = Enumerable.Range(0, 4).SelectMany(p => new[] { $"partition-{Topic}-{p}", $"partition-{DeadLetters}-{p}" })
            .Append($"group-{Topic}:{Group}").ToList();
        foreach (var id in persistenceIds)
            Assert.Equal((id, 0), (id, await CountEventsAsync(nodes[0], id)));

        // act: the topic created again with 2 partitions, and a message published through each node's topic ref, with
        // a key that a ref still holding the old spec (4 partitions) would send to partition 2 or 3
        await b.Client.CreateTopicAsync(Topic, 2, InProcessCluster.Wait);
        var key = Enumerable.Range(0, 100).Select(i => $"k{i}").First(k => KeyHash.Partition(k, 4) >= 2);
        var acks = new[]
        {
            await a.Client.PublishAsync(Topic, Body("new-a"), key, timeout: InProcessCluster.Wait),
            await b.Client.PublishAsync(Topic, Body("new-b"), key, timeout: InProcessCluster.Wait),
        };

        // assert: both refs use the new partition count, and the topic started empty, with no group positions
        Assert.Equal([(KeyHash.Partition(key, 2), 0L), (KeyHash.Partition(key, 2), 1L)], acks.Select(ack => (ack.Partition, ack.Offset)));
        var status = await a.Client.GetStatusAsync(Topic, InProcessCluster.Wait);
        Assert.Equal(2, status.Count);
        Assert.Equal(2, status.Sum(p => p.EndOffset));
        Assert.All(status, p => Assert.Empty(p.Groups));
    }

    [Fact]
    public async Task Should_answer_the_deletion_of_an_unknown_topic_with_its_reason()
    {
        var nodes = await _cluster.StartAsync("a");

        var error = await Assert.ThrowsAsync<Actors.Client.TopicException>(() => Broker.Get(nodes[0]).Client.DeleteTopicAsync(new TopicName("never"), InProcessCluster.Wait));

        Assert.Equal("topic 'never' does not exist", error.Message);
    }

    /// <summary>How many events a journal replays for <paramref name="persistenceId"/> (with nothing else writing under it).</summary>
    private static async Task<int> CountEventsAsync(ActorSystem system, string persistenceId)
    {
        var count = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new JournalProbe(persistenceId, count)));
        return await count.Task.WaitAsync(InProcessCluster.Wait);
    }

    private static long Committed(PartitionStatus status) => status.Groups.SingleOrDefault(g => g.Group == Group)?.CommittedOffset ?? 0;

    private static byte[] Body(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Acks every delivery and keeps it, and keeps what else it is told (the group's stop).</summary>
    private sealed class Acker : ReceiveActor
    {
        public Acker(ConcurrentQueue<object> consumed)
        {
            Receive<Delivery>(delivery =>
            {
                consumed.Enqueue(delivery);
                Sender.Tell(delivery.ToAck());
            });
            ReceiveAny(consumed.Enqueue);
        }
    }

    /// <summary>Recovers a persistence id's journal read-only and counts the events it replays.</summary>
    private sealed class JournalProbe : ReceivePersistentActor
    {
        private readonly TaskCompletionSource<int> _count;
        private int _events;

        public JournalProbe(string persistenceId, TaskCompletionSource<int> count)
        {
            PersistenceId = persistenceId;
            _count = count;
            RecoverAny(message =>
            {
                if (message is RecoveryCompleted)
                {
                    _count.TrySetResult(_events);
                    Context.Stop(Self);
                }
                else if (message is not SnapshotOffer) _events++;
            });
        }

        public override string PersistenceId { get; }
    }
}
