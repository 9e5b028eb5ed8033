using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests;

/// <summary>
/// Base of specs that need a running broker: a one-node cluster (joins itself) with the topics extension
/// started, and helpers to publish and to consume with a probe as the consumer actor.
/// </summary>
public abstract class BrokerSpec : TestKit
{
    protected BrokerSpec(ITestOutputHelper output, string extraConfig = "", string storage = "actors.storage.provider = memory")
        : base(TestConfig.ClusterNode(storage, extraConfig), output: output)
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.SelfMember.Status == Akka.Cluster.MemberStatus.Up, Wait, TimeSpan.FromMilliseconds(50),
            "the one-node cluster should be up");
        Broker = Actors.Broker.Get(Sys);
    }

    /// <summary>How long a spec waits for something that should happen.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    protected Broker Broker { get; }

    protected Task<TopicSpec> CreateTopic(string name, int partitions) => Broker.Client.CreateTopicAsync(new TopicName(name), partitions);

    /// <summary>Publishes and waits for each confirm, in order.</summary>
    protected async Task<IReadOnlyList<PublishAck>> PublishAll(string topic, IEnumerable<(string? Key, string Body)> messages)
    {
        var acks = new List<PublishAck>();
        foreach (var (key, body) in messages)
            acks.Add(await Broker.Client.PublishAsync(new TopicName(topic), System.Text.Encoding.UTF8.GetBytes(body), key));
        return acks;
    }

    protected IActorRef Consume(string topic, string group, IActorRef target, int prefetch = 100, StartFrom? start = null) =>
        Broker.Subscribe(new ConsumerSettings(new TopicName(topic), new GroupName(group), prefetch, start ?? StartFrom.Earliest), target);

    protected static string Body(Delivery delivery) => System.Text.Encoding.UTF8.GetString(delivery.Message.Payload);

    protected async Task<long> Committed(string topic, string group)
    {
        var status = await Broker.Client.GetStatusAsync(new TopicName(topic));
        return status.Sum(p => p.Groups.FirstOrDefault(g => g.Group.Value == group)?.CommittedOffset ?? 0);
    }
}
