using Actors.Streams.Tests.Support;
using Actors.Topics;

namespace Actors.Streams.Tests;

/// <summary>
/// Base of stream specs: a one-node cluster (joins itself) with the in-memory journal, the broker
/// started, a materializer, and helpers to create topics and publish.
/// </summary>
public abstract class StreamsSpec : TestKit
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    protected StreamsSpec(ITestOutputHelper output, string extraConfig = "")
        : base(StreamsTestConfig.Node($$"""
            akka.loglevel = WARNING
            actors.topics.max-message-size = 1 KiB
            {{extraConfig}}
            """), output: output)
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.SelfMember.Status == Akka.Cluster.MemberStatus.Up, Wait, TimeSpan.FromMilliseconds(50), "the one-node cluster up");
        Broker = Actors.Broker.Get(Sys);
        Materializer = Sys.Materializer();
    }

    protected Broker Broker { get; }

    protected IMaterializer Materializer { get; }

    protected async Task PublishAll(TopicName topic, int partitions, IEnumerable<(string Key, string Body)> messages)
    {
        await Broker.Client.CreateTopicAsync(topic, partitions, Wait);
        foreach (var (key, body) in messages)
            await Broker.Client.PublishAsync(topic, System.Text.Encoding.UTF8.GetBytes(body), key, timeout: Wait);
    }

    protected static string Text(CommittableMessage message) => System.Text.Encoding.UTF8.GetString(message.Message.Payload);
}
