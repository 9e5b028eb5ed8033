using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Topics;

/// <summary>
/// The actor behind a topic ref, driven directly with probes for the registry and the partitions: it waits
/// for the topic's spec (asking again while the registry is silent), then picks each publish's partition.
/// </summary>
public sealed class TopicPublisherSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TopicSpec Spec = new(new TopicName("orders"), 4, TimeSpan.FromDays(1), 1000, 1024, TimeSpan.FromSeconds(30), 5);

    [Fact]
    public void Should_ask_the_registry_again_while_it_is_silent_and_keep_the_publishes_meanwhile()
    {
        // arrange
        var registry = CreateTestProbe();
        var partitions = CreateTestProbe();
        var publisher = Sys.ActorOf(TopicPublisher.Props(new TopicName("orders"), registry.Ref, partitions.Ref, TimeSpan.FromMilliseconds(100)));

        // act: a publish while the registry does not answer its first ask, then the answer to the second
        publisher.Tell(new Publish(new TopicName("orders"), [1], Key: "customer-7", CorrelationId: 9));
        Assert.True(registry.ExpectMsg<GetTopic>(Wait).CreateIfMissing);
        registry.ExpectMsg<GetTopic>(Wait);
        registry.Reply(new TopicInfo(Spec));

        // assert: the kept publish goes to the key's partition, the confirm to go straight back to the publisher
        var append = partitions.ExpectMsg<Append>(Wait);
        Assert.Equal((KeyHash.Partition("customer-7", 4), 9L), (append.Partition, append.CorrelationId));
        Assert.Equal(TestActor, partitions.LastSender);
    }

    [Fact]
    public void Should_refuse_the_kept_publishes_of_a_topic_the_registry_does_not_know()
    {
        // arrange
        var registry = CreateTestProbe();
        var publisher = Sys.ActorOf(TopicPublisher.Props(new TopicName("orders"), registry.Ref, CreateTestProbe().Ref, TimeSpan.FromSeconds(2)));

        // act
        publisher.Tell(new Publish(new TopicName("orders"), [1], CorrelationId: 3));
        registry.ExpectMsg<GetTopic>(Wait);
        registry.Reply(new TopicNotFound(new TopicName("orders"), "topic 'orders' does not exist"));

        // assert
        var rejected = ExpectMsg<PublishRejected>(Wait);
        Assert.Equal((3L, "topic 'orders' does not exist"), (rejected.CorrelationId, rejected.Reason));
    }
}
