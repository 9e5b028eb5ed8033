using Actors.Streams.Operators;

namespace Actors.Streams.Tests.Operators;

public sealed class WindowSpecs(ITestOutputHelper output) : StreamsSpec(output)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Click(string User, int Second);

    [Fact]
    public async Task Should_count_out_of_order_events_in_their_event_time_windows_and_drop_late_ones()
    {
        // arrange: 1 s windows, 2 s of allowed lateness; "b@0" comes 1.5 s out of order (counted),
        // "a@1" comes after the watermark passed its window (late, dropped)
        var clicks = new[]
        {
            new Click("a", 0), new Click("a", 0), new Click("b", 1), new Click("a", 2), new Click("b", 0),
            new Click("a", 3), new Click("a", 4), new Click("a", 1), new Click("b", 5),
        };
        var stage = Windows.TumblingByEventTime<Click, string>(c => c.User, c => T0.AddSeconds(c.Second).AddMilliseconds(500),
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        // act
        var windows = await Source.From(clicks).Via(stage).RunWith(Sink.Seq<WindowResult<string, Click>>(), Materializer);

        // assert: (user, window second, count), in window order
        var counts = windows.Select(w => (w.Key, (int)(w.Start - T0).TotalSeconds, w.Elements.Count)).ToList();
        Assert.Equal([("a", 0, 2), ("b", 0, 1), ("b", 1, 1), ("a", 2, 1), ("a", 3, 1), ("a", 4, 1), ("b", 5, 1)], counts);
    }

    [Fact]
    public async Task Should_emit_a_window_only_when_the_watermark_passes_it_and_pull_one_at_a_time()
    {
        // arrange: a queue we offer to, and a probe behind an acknowledging sink
        var stage = Windows.TumblingByEventTime<Click, string>(c => c.User, c => T0.AddSeconds(c.Second), TimeSpan.FromSeconds(1), TimeSpan.Zero);
        var queue = Source.Queue<Click>(4, OverflowStrategy.Backpressure).Via(stage)
            .To(Sink.ActorRefWithAck<WindowResult<string, Click>>(TestActor, "init", "ack", "done"))
            .Run(Materializer);
        ExpectMsg("init", Wait);
        var sink = LastSender;
        sink.Tell("ack");

        // act & assert: second 0 stays open until an event of second 1 moves the watermark past it
        await queue.OfferAsync(new Click("a", 0));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        await queue.OfferAsync(new Click("a", 1));
        var first = ExpectMsg<WindowResult<string, Click>>(Wait);
        Assert.Equal((T0, 1), (first.Start, first.Elements.Count));

        // without an ack nothing more is emitted, however many windows close
        await queue.OfferAsync(new Click("a", 2));
        await queue.OfferAsync(new Click("a", 3));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        sink.Tell("ack");
        Assert.Equal(T0.AddSeconds(1), ExpectMsg<WindowResult<string, Click>>(Wait).Start);
        queue.Complete();
    }

    [Fact]
    public async Task Should_group_each_keys_elements_by_count()
    {
        var groups = await Source.From(Enumerable.Range(0, 10))
            .Via(Windows.TumblingByCount<int, int>(i => i % 2, 3))
            .RunWith(Sink.Seq<IReadOnlyList<int>>(), Materializer);

        Assert.Equal(
            new[] { "0,2,4", "6,8", "1,3,5", "7,9" }.Order(),
            groups.Select(g => string.Join(",", g)).Order());
    }

    [Fact]
    public async Task Should_count_each_event_in_every_sliding_window_that_holds_it_and_drop_it_only_where_late()
    {
        // arrange: 2 s windows sliding by 1 s, no lateness allowed: "a@1" is in windows [0,2) and [1,3);
        // "a@0" arrives after the watermark (second 2) closed [0,2) but [-1,1) is long closed too: late everywhere;
        // "b@1" arrives when [0,2) is closed but [1,3) is still open: it counts there only
        var clicks = new[] { new Click("a", 1), new Click("a", 2), new Click("a", 0), new Click("b", 1), new Click("a", 3) };
        var stage = Windows.SlidingByEventTime<Click, string>(c => c.User, c => T0.AddSeconds(c.Second),
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.Zero);

        // act
        var windows = await Source.From(clicks).Via(stage).RunWith(Sink.Seq<WindowResult<string, Click>>(), Materializer);

        // assert: (user, window start second, seconds in it)
        var seen = windows.Select(w => (w.Key, (int)(w.Start - T0).TotalSeconds, string.Join(",", w.Elements.Select(c => c.Second)))).ToList();
        Assert.Equal([("a", 0, "1"), ("a", 1, "1,2"), ("b", 1, "1"), ("a", 2, "2,3"), ("a", 3, "3")], seen);
    }

    [Fact]
    public async Task Should_materialize_the_count_of_events_late_for_every_window_of_each_run()
    {
        // arrange: tumbling 1 s windows, no lateness: "a@0" after "a@2" is late; sliding 2 s by 1 s: "a@0" is late
        // everywhere, "b@1" only for [0,2) so it is not counted
        var tumbling = Windows.TumblingByEventTime<Click, string>(c => c.User, c => T0.AddSeconds(c.Second), TimeSpan.FromSeconds(1), TimeSpan.Zero);
        var sliding = Windows.SlidingByEventTime<Click, string>(c => c.User, c => T0.AddSeconds(c.Second),
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.Zero);
        var clicks = new[] { new Click("a", 1), new Click("a", 2), new Click("a", 0), new Click("b", 1), new Click("a", 3) };

        // act: the tumbling blueprint runs twice, so each run must count its own
        Task<long> Late(Flow<Click, WindowResult<string, Click>, Task<long>> stage, IEnumerable<Click> input) =>
            Source.From(input).ViaMaterialized(stage, Keep.Right).To(Sink.Ignore<WindowResult<string, Click>>()).Run(Materializer);
        var first = await Late(tumbling, clicks).WaitAsync(Wait);
        var second = await Late(tumbling, clicks.Take(2)).WaitAsync(Wait);
        var slid = await Late(sliding, clicks).WaitAsync(Wait);

        // assert
        Assert.Equal((2L, 0L, 1L), (first, second, slid)); // tumbling: "a@0" and "b@1" (second 1 closed by "a@2")
    }

    [Fact]
    public async Task Should_slide_each_keys_window_by_count()
    {
        var windows = await Source.From(Enumerable.Range(0, 10))
            .Via(Windows.SlidingByCount<int, int>(i => i % 2, 3, 2))
            .RunWith(Sink.Seq<IReadOnlyList<int>>(), Materializer);

        Assert.Equal(
            new[] { "0,2,4", "4,6,8", "1,3,5", "5,7,9" }.Order(),
            windows.Select(g => string.Join(",", g)).Order());
    }

    [Fact]
    public async Task Should_group_by_key_within_each_processing_time_window()
    {
        var windows = await Source.From(new[] { "a", "b", "a", "c", "a" })
            .Via(Windows.TumblingByProcessingTime<string, string>(s => s, TimeSpan.FromMinutes(1), maxElements: 3))
            .RunWith(Sink.Seq<(string Key, IReadOnlyList<string> Elements)>(), Materializer);

        // the first window closes at 3 elements, long before its minute; the rest closes with the stream
        Assert.Equal(["a=2", "b=1", "c=1", "a=1"], windows.Select(w => $"{w.Key}={w.Elements.Count}"));
    }
}
