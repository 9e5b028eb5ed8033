using System.Collections.Concurrent;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Streams.Pipelines;
using Actors.Topics;

namespace Actors.Streams.Tests.Pipelines;

/// <summary>
/// A pipeline file from topic to topic is at-least-once: its source commits a message only once every word
/// split from it is confirmed on the output topic, so stopping it anywhere loses nothing.
/// </summary>
public sealed class TopicPipelineSpecs(ITestOutputHelper output) : StreamsSpec(output)
{
    private const string Split = """
        pipeline {
          name = splitter
          source { type = topic, topic = lines, group = splitter }
          stages = [ { type = split }, { type = lowercase } ]
          sink { type = topic, topic = words }
        }
        """;

    [Fact]
    public async Task Should_deliver_every_word_at_least_once_and_commit_without_a_gap_when_stopped_midway()
    {
        // arrange: 3,000 lines of three words in two partitions; a reader of the output topic
        const int Lines = 3000;
        await PublishAll(new TopicName("lines"), 2, Enumerable.Range(0, Lines).Select(i => ($"k{i % 10}", $"A{i} B{i} C{i}")));
        await Broker.Client.CreateTopicAsync(new TopicName("words"), 2, Wait);
        var words = new ConcurrentDictionary<string, int>();
        _ = TopicSource.Plain(Sys, new ConsumerSettings(new TopicName("words"), new GroupName("check"), 500, StartFrom.Earliest))
            .RunForeach(m => words.AddOrUpdate(System.Text.Encoding.UTF8.GetString(m.Payload), 1, (_, n) => n + 1), Materializer);
        var pipeline = PipelineDefinition.Parse(Split, "splitter.conf");

        // act: the first run is stopped abruptly (its actor and materializer with it) while words are in flight
        var firstRun = Sys.ActorOf(Runner.Props(pipeline), "first-run");
        await AwaitAssertAsync(async () => Assert.True((await CommittedPerPartition("lines", "splitter")).Values.Sum() > 0 && await Published("words") >= 1500,
            "the first run is in full flow: it has committed lines and published a sixth of the words"), Wait, TimeSpan.FromMilliseconds(5));
        await firstRun.GracefulStop(Wait);
        var committedAtStop = await CommittedPerPartition("lines", "splitter");
        var linesByOffset = await ReadAll("lines");

        // assert: every line committed by then has all of its words on the output topic
        Assert.True(committedAtStop.Values.Sum() < Lines, $"stopped mid-way ({committedAtStop.Values.Sum()} of {Lines} lines committed)");
        var committedWords = linesByOffset.Where(l => l.Key.Offset < committedAtStop[l.Key.Partition])
            .SelectMany(l => l.Value.ToLowerInvariant().Split(' ')).ToList();
        await AwaitAssertAsync(() => Assert.All(committedWords, w => Assert.True(words.ContainsKey(w), $"'{w}' of a committed line is on the output topic")),
            Wait, TimeSpan.FromMilliseconds(50));

        // act: a second run with the same group picks up from the committed position
        var secondRun = Sys.ActorOf(Runner.Props(pipeline), "second-run");
        await AwaitAssertAsync(async () => Assert.Equal(Lines, (await CommittedPerPartition("lines", "splitter")).Values.Sum()), Wait, TimeSpan.FromMilliseconds(50));
        await secondRun.GracefulStop(Wait);

        // assert: every word at least once (and nothing else: no marker reaches the output), the group committed to the end
        var expected = Enumerable.Range(0, Lines).SelectMany(i => new[] { $"a{i}", $"b{i}", $"c{i}" }).ToHashSet();
        await AwaitAssertAsync(() => Assert.True(expected.All(words.ContainsKey), $"{expected.Count(w => !words.ContainsKey(w))} words not on the output topic yet"),
            Wait, TimeSpan.FromMilliseconds(50));
        Assert.Subset(expected, words.Keys.ToHashSet());
        var status = await Broker.Client.GetStatusAsync(new TopicName("lines"), Wait);
        Assert.All(status, p => Assert.Equal(p.EndOffset, p.Groups.Single(g => g.Group.Value == "splitter").CommittedOffset));
        Output.WriteLine($"first run committed {committedAtStop.Values.Sum()} lines; {words.Values.Sum() - expected.Count} words published twice");
    }

    [Fact]
    public async Task Should_commit_a_window_once_its_counts_are_on_the_output_topic()
    {
        // arrange: 60 lines in one partition
        await PublishAll(new TopicName("fruit"), 1, Enumerable.Range(0, 60).Select(_ => ("k", "apple pear apple")));
        await Broker.Client.CreateTopicAsync(new TopicName("fruit-counts"), 1, Wait);
        var pipeline = PipelineDefinition.Parse("""
            pipeline {
              source { type = topic, topic = fruit, group = counter }
              stages = [ { type = split }, { type = window-count, size = 200ms }, { type = format } ]
              sink { type = topic, topic = fruit-counts }
            }
            """, "fruit.conf");

        // act: run until every line is committed, then read the counts
        var run = Sys.ActorOf(Runner.Props(pipeline), "fruit-counter");
        await AwaitAssertAsync(async () => Assert.Equal(60, (await CommittedPerPartition("fruit", "counter"))[0]), Wait, TimeSpan.FromMilliseconds(50));
        await run.GracefulStop(Wait);
        var counts = (await ReadAll("fruit-counts")).Values.Select(l => l.Split(' ')).GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.Sum(f => long.Parse(f[1])));

        // assert: the windows add up exactly (one run, nothing delivered twice), and only counts came out
        Assert.Equal(new Dictionary<string, long> { ["apple"] = 120, ["pear"] = 60 }, counts);
    }

    [Fact]
    public async Task Should_end_after_take_and_commit_the_lines_it_went_through()
    {
        // arrange: ten lines of two words in one partition
        await PublishAll(new TopicName("pairs"), 1, Enumerable.Range(0, 10).Select(i => ("k", $"x{i} y{i}")));
        await Broker.Client.CreateTopicAsync(new TopicName("first-words"), 1, Wait);
        var pipeline = PipelineDefinition.Parse("""
            pipeline {
              source { type = topic, topic = pairs, group = taker }
              stages = [ { type = split }, { type = take, count = 5 } ]
              sink { type = topic, topic = first-words }
            }
            """, "take.conf");

        // act: the graph ends by itself after five words
        await pipeline.Build(Sys).Run(Materializer).WaitAsync(Wait);

        // assert: five words out; once the group's member has left, at most lines 0 and 1 are committed (line 2
        // went only half through, lines 3 to 9 not at all, even if they were read in the same batch)
        Assert.Equal(["x0", "y0", "x1", "y1", "x2"], (await ReadAll("first-words")).OrderBy(m => m.Key.Offset).Select(m => m.Value));
        await AwaitAssertAsync(async () => Assert.False((await Broker.Client.GetStatusAsync(new TopicName("pairs"), Wait))[0].Groups.Single(g => g.Group.Value == "taker").HasConsumer),
            Wait, TimeSpan.FromMilliseconds(50));
        var committed = (await CommittedPerPartition("pairs", "taker"))[0];
        Assert.InRange(committed, 0, 2);

        // and a second run starts from there: every line not committed comes again, whole
        var rest = PipelineDefinition.Parse($$"""
            pipeline {
              source { type = topic, topic = pairs, group = taker }
              stages = [ { type = split }, { type = take, count = {{2 * (10 - committed)}} } ]
              sink { type = topic, topic = first-words }
            }
            """, "rest.conf");
        await rest.Build(Sys).Run(Materializer).WaitAsync(Wait);
        var words = (await ReadAll("first-words")).Values.ToList();
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains($"y{i}", words));
    }

    /// <summary>Runs a pipeline on its own materializer: stopping the actor stops the graph where it is.</summary>
    private sealed class Runner : ReceiveActor
    {
        public Runner(PipelineDefinition pipeline) => _ = pipeline.Build(Context.System).Run(Context.Materializer());

        public static Props Props(PipelineDefinition pipeline) => Akka.Actor.Props.Create(() => new Runner(pipeline));
    }

    private async Task<long> Published(string topic) => (await Broker.Client.GetStatusAsync(new TopicName(topic), Wait)).Sum(p => p.EndOffset);

    private async Task<Dictionary<int, long>> CommittedPerPartition(string topic, string group) =>
        (await Broker.Client.GetStatusAsync(new TopicName(topic), Wait)).ToDictionary(p => p.Partition, p => p.Groups.FirstOrDefault(g => g.Group.Value == group)?.CommittedOffset ?? 0);

    /// <summary>Every message of <paramref name="topic"/> by partition and offset, read by a new group of its own.</summary>
    private async Task<Dictionary<(int Partition, long Offset), string>> ReadAll(string topic)
    {
        var count = (int)await Published(topic);
        var messages = await TopicSource.Committable(Sys, new ConsumerSettings(new TopicName(topic), new GroupName($"audit-{Guid.NewGuid():N}"), 500, StartFrom.Earliest))
            .Select(m => { m.Commit(); return m; })
            .Take(count)
            .RunWith(Sink.Seq<CommittableMessage>(), Materializer).WaitAsync(Wait);
        return messages.ToDictionary(m => (m.Partition, m.Offset), Text);
    }
}
