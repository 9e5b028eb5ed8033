using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Consumers;

/// <summary>
/// Resetting a group's offsets through its coordinator, as an operator does with <c>actors groups reset</c>: refused
/// while the group has a member (as Kafka's reset is), and for an empty group moved on every partition to the
/// earliest or latest offset, a given offset (clamped to what the partition holds) or the first message at or after
/// a time; a consumer that joins afterwards starts there. Also the group's description: members and their partitions.
/// </summary>
public sealed class GroupResetSpecs(ITestOutputHelper output) : BrokerSpec(output)
{
    private static readonly TopicName Topic = new("replay");
    private static readonly GroupName Group = new("readers");

    [Fact]
    public async Task Should_refuse_a_reset_while_the_group_has_a_member_and_describe_it()
    {
        // arrange: a member holding both partitions
        await CreateTopic(Topic.Value, partitions: 2);
        var consumer = CreateTestProbe();
        var member = Consume(Topic.Value, Group.Value, consumer.Ref);
        await AwaitAssertAsync(async () => Assert.Equal(2, (await Describe()).Members.Single().Partitions.Count), Wait);

        // act
        var refused = await Assert.ThrowsAsync<TopicException>(() => Broker.Client.ResetGroupAsync(Topic, Group, StartFrom.Earliest));

        // assert
        Assert.Equal("group 'readers' has 1 active member on topic 'replay'; stop it first (offsets are reset only while a group is empty)", refused.Message);
        var description = await Describe();
        Assert.Equal(member.Path.Name, description.Members.Single().Member);
        Assert.Equal(Akka.Cluster.Cluster.Get(Sys).SelfAddress.ToString(), description.Members.Single().Node);
        Assert.Equal([0, 1], description.Members.Single().Partitions.Order());
    }

    [Fact]
    public async Task Should_reset_an_empty_group_to_earliest_latest_an_offset_and_a_time()
    {
        // arrange: ten messages on one partition, a time between the fifth and the sixth, all consumed by the group
        await CreateTopic(Topic.Value, partitions: 1);
        await PublishAll(Topic.Value, Enumerable.Range(0, 5).Select(i => ((string?)null, $"m{i}")));
        var cut = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1);
        await Poll.Until(() => DateTimeOffset.UtcNow > cut, Wait, "the clock past the cut between the fifth and the sixth message");
        await PublishAll(Topic.Value, Enumerable.Range(5, 5).Select(i => ((string?)null, $"m{i}")));
        await ConsumeAndStopAsync(10);

        // act and assert: each position, as answered and as the partition keeps it
        Assert.Equal(0, await ResetAsync(StartFrom.Earliest));
        Assert.Equal(10, await ResetAsync(StartFrom.Latest));
        Assert.Equal(3, await ResetAsync(StartFrom.AtOffset(3)));
        Assert.Equal(10, await ResetAsync(StartFrom.AtOffset(99)));
        Assert.Equal(5, await ResetAsync(StartFrom.AtTime(cut)));

        // and a consumer that joins now replays from there
        var consumer = CreateTestProbe();
        Consume(Topic.Value, Group.Value, consumer.Ref);
        Assert.Equal(5, consumer.ExpectMsg<Delivery>(Wait).Offset);
    }

    /// <summary>Consumes <paramref name="count"/> messages as the group, acks them, waits for the commit, and stops the member.</summary>
    private async Task ConsumeAndStopAsync(int count)
    {
        var consumer = CreateTestProbe();
        var member = Consume(Topic.Value, Group.Value, consumer.Ref);
        for (var i = 0; i < count; i++) consumer.Reply(consumer.ExpectMsg<Delivery>(Wait).ToAck());
        await AwaitAssertAsync(async () => Assert.Equal(count, await Committed(Topic.Value, Group.Value)), Wait);
        Sys.Stop(member);
        await AwaitAssertAsync(async () => Assert.Empty((await Describe()).Members), Wait);
    }

    private async Task<long> ResetAsync(StartFrom position)
    {
        var reset = await Broker.Client.ResetGroupAsync(Topic, Group, position);
        var answered = reset.Partitions.Single().Groups.Single(g => g.Group == Group).CommittedOffset;
        Assert.Equal(answered, await Committed(Topic.Value, Group.Value));
        return answered;
    }

    private Task<GroupDescription> Describe() => Broker.Client.DescribeGroupAsync(Topic, Group);
}
