using System.Collections.Concurrent;
using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Streams.Tests.Stages;

public sealed class TopicStagesSpecs(ITestOutputHelper output) : StreamsSpec(output)
{
    [Fact]
    public async Task Should_emit_no_more_than_the_credit_window_until_messages_are_committed()
    {
        // arrange: one partition, 20 messages, a window of 5
        await PublishAll(new TopicName("credits"), 1, Enumerable.Range(0, 20).Select(i => ("k", $"m{i}")));

        // act: a sink that demands everything but commits nothing
        _ = TopicSource.Committable(Sys, new ConsumerSettings(new TopicName("credits"), new GroupName("slow"), 5, StartFrom.Earliest))
            .RunForeach(m => TestActor.Tell(m), Materializer);

        // assert: exactly the window arrives; committing two lets exactly two more in
        var held = ReceiveN(5, Wait).Cast<CommittableMessage>().ToList();
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        held[0].Commit();
        held[1].Commit();
        var more = ReceiveN(2, Wait).Cast<CommittableMessage>().ToList();
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"m{i}"), held.Concat(more).Select(Text));
    }

    [Fact]
    public async Task Should_resume_from_the_last_commit_when_a_stopped_pipeline_runs_again()
    {
        // arrange
        await PublishAll(new TopicName("orders"), 2, Enumerable.Range(0, 60).Select(i => ($"k{i % 6}", $"m{i}")));
        var settings = new ConsumerSettings(new TopicName("orders"), new GroupName("billing"), 10, StartFrom.Earliest);
        var processed = new ConcurrentQueue<string>();

        // act: the first run processes and commits 25 messages, then is stopped
        await TopicSource.Committable(Sys, settings)
            .Take(25)
            .Select(m => { processed.Enqueue(Text(m)); return m; })
            .RunWith(Committer.Sink(), Materializer);
        await AwaitAssertAsync(async () => Assert.Equal(25, await Committed("orders", "billing")), Wait, TimeSpan.FromMilliseconds(50));
        var firstRun = processed.Count;

        // the second run takes over the same group and processes the rest
        var (kill, done) = TopicSource.Committable(Sys, settings)
            .ViaMaterialized(KillSwitches.Single<CommittableMessage>(), Keep.Right)
            .Select(m => { processed.Enqueue(Text(m)); return m; })
            .ToMaterialized(Committer.Sink(), Keep.Both)
            .Run(Materializer);
        await AwaitAssertAsync(async () => Assert.Equal(60, await Committed("orders", "billing")), Wait, TimeSpan.FromMilliseconds(50));
        kill.Shutdown();
        await done;

        // assert: every message processed, none twice (each was committed before the first run stopped)
        Assert.Equal(25, firstRun);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"m{i}").Order(), processed.Order());
    }

    [Fact]
    public async Task Should_publish_with_confirms_and_fail_on_a_refused_message()
    {
        // arrange
        await Broker.Client.CreateTopicAsync(new TopicName("out"), 3, Wait);

        // act
        var acks = await Source.From(Enumerable.Range(0, 100))
            .Select(i => new ProducerMessage(System.Text.Encoding.UTF8.GetBytes($"m{i}"), $"k{i % 7}"))
            .Via(TopicSink.Flow(Sys, new TopicName("out"), parallelism: 8))
            .RunWith(Sink.Seq<PublishAck>(), Materializer);
        var refused = Source.Single(new ProducerMessage(new byte[4096])).RunWith(TopicSink.Create(Sys, new TopicName("out")), Materializer);

        // assert
        Assert.Equal(100, acks.Count);
        Assert.Equal(100, (await Broker.Client.GetStatusAsync(new TopicName("out"), Wait)).Sum(p => p.EndOffset));
        var error = await Assert.ThrowsAsync<MessageTooLargeException>(() => refused);
        Assert.Contains("over the limit of 1 KiB", error.Message);
    }

    [Fact]
    public async Task Should_drop_a_refused_message_and_go_on_when_the_sink_settings_resume()
    {
        // arrange: the middle message is over the 1 KiB limit
        await Broker.Client.CreateTopicAsync(new TopicName("resumed"), 1, Wait);
        var settings = TopicSinkSettings.Create(Sys).WithDecider(Akka.Streams.Supervision.Deciders.ResumingDecider);
        var messages = new[] { new ProducerMessage([1]), new ProducerMessage(new byte[4096]), new ProducerMessage([3]) };

        // act
        var acks = await Source.From(messages).Via(TopicSink.Flow(Sys, new TopicName("resumed"), settings)).RunWith(Sink.Seq<PublishAck>(), Materializer).WaitAsync(Wait);

        // assert: the two others are published, in order
        Assert.Equal([0L, 1L], acks.Select(a => a.Offset));
        Assert.Equal(2, (await Broker.Client.GetStatusAsync(new TopicName("resumed"), Wait)).Sum(p => p.EndOffset));
    }

    private async Task<long> Committed(string topic, string group) =>
        (await Broker.Client.GetStatusAsync(new TopicName(topic), Wait)).Sum(p => p.Groups.FirstOrDefault(g => g.Group.Value == group)?.CommittedOffset ?? 0);
}
