using Actors.Consumers;
using Actors.Partitions;
using Actors.Streams.Operators;
using Actors.Topics;

namespace Actors.Streams.Tests;

/// <summary>The README's stream graph, as written there: topic to per-user counts in one-second windows to a topic.</summary>
public sealed class ReadmeExampleSpecs(ITestOutputHelper output) : StreamsSpec(output)
{
    [Fact]
    public async Task Should_count_clicks_per_user_and_second_from_topic_to_topic()
    {
        // arrange: "user second" lines in the clicks topic
        var lines = new[] { "ann 0", "bob 0", "ann 0", "ann 1", "bob 2", "ann 3" };
        // one partition: events arrive in the order published
        await PublishAll(new TopicName("clicks"), 1, lines.Select(l => (l.Split(' ')[0], l)));
        var t0 = DateTimeOffset.UnixEpoch;

        // act: the README's graph
        var done = TopicSource.Committable(Sys, new ConsumerSettings(new TopicName("clicks"), new GroupName("counter"), 100, StartFrom.Earliest))
            .Select(m => { m.Commit(); return System.Text.Encoding.UTF8.GetString(m.Message.Payload).Split(' '); })
            .Via(Windows.TumblingByEventTime<string[], string>(f => f[0], f => t0.AddSeconds(int.Parse(f[1])),
                size: TimeSpan.FromSeconds(1), allowedLateness: TimeSpan.FromSeconds(1)))
            .Select(w => $"{w.Key} {w.Start.ToUnixTimeSeconds()} {w.Elements.Count}")
            .Take(3)   // the windows the watermark has passed; later ones stay open while the stream runs
            .RunWith(TopicSink.Lines(Sys, new TopicName("click-counts"), key: l => l.Split(' ')[0]), Materializer);
        await done.WaitAsync(Wait);

        // assert
        var counts = await TopicSource.Plain(Sys, new ConsumerSettings(new TopicName("click-counts"), new GroupName("check"), 100, StartFrom.Earliest))
            .Take(3).Select(m => System.Text.Encoding.UTF8.GetString(m.Payload)).RunWith(Sink.Seq<string>(), Materializer).WaitAsync(Wait);
        Assert.Equal(new[] { "ann 0 2", "bob 0 1", "ann 1 1" }.Order(), counts.Order());
    }
}
