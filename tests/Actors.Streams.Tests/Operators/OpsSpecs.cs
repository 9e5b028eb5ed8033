using Actors.Streams.Operators;

namespace Actors.Streams.Tests.Operators;

public sealed class OpsSpecs(ITestOutputHelper output) : StreamsSpec(output)
{
    [Fact]
    public async Task Should_keep_order_in_ordered_parallel_map_even_when_later_work_finishes_first()
    {
        var gates = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var result = Source.From(Enumerable.Range(0, 4)).Via(Ops.ParallelMap<int, int>(4, i => gates[i].Task)).RunWith(Sink.Seq<int>(), Materializer);

        // finish the work backwards: the ordered map still emits 0,1,2,3
        for (var i = 3; i >= 0; i--) gates[i].SetResult(i * 10);

        Assert.Equal([0, 10, 20, 30], await result.WaitAsync(Wait));
    }

    [Fact]
    public async Task Should_emit_unordered_parallel_results_as_they_finish()
    {
        var gates = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var result = Source.From(Enumerable.Range(0, 3)).Via(Ops.ParallelMap<int, int>(3, i => gates[i].Task, ordered: false))
            .RunWith(Sink.Seq<int>(), Materializer);

        gates[2].SetResult(2);
        await AwaitConditionAsync(() => Task.FromResult(gates[2].Task.IsCompleted), Wait);
        gates[0].SetResult(0);
        gates[1].SetResult(1);

        Assert.Equal([0, 1, 2], (await result.WaitAsync(Wait)).Order());
    }

    [Fact]
    public async Task Should_run_no_more_parallel_work_than_allowed_and_pull_no_more_than_demanded()
    {
        // arrange: a queue feeding a parallel map of 2 whose work never finishes until released
        var started = 0;
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = Source.Queue<int>(1, OverflowStrategy.Backpressure)
            .Via(Ops.ParallelMap<int, int>(2, i => { Interlocked.Increment(ref started); return release.Task; }))
            .To(Sink.Ignore<int>())
            .Run(Materializer);

        // act: offer 3: two run, one waits in the queue's buffer; the 4th offer waits for demand
        for (var i = 0; i < 3; i++) await queue.OfferAsync(i).WaitAsync(Wait);
        var fourth = queue.OfferAsync(3);

        // assert
        await AwaitConditionAsync(() => Task.FromResult(Volatile.Read(ref started) == 2), Wait);
        Assert.False(fourth.IsCompleted, "the fourth offer should wait for demand");
        release.SetResult(0);
        Assert.IsType<QueueOfferResult.Enqueued>(await fourth.WaitAsync(Wait));
        queue.Complete();
    }

    [Fact]
    public async Task Should_aggregate_per_key()
    {
        var sums = await Source.From(new[] { ("a", 1), ("b", 10), ("a", 2), ("b", 20), ("a", 3) })
            .Via(Ops.AggregateByKey<(string, int), string, int>(x => x.Item1, () => 0, (acc, x) => acc + x.Item2))
            .RunWith(Sink.Seq<(string, int)>(), Materializer);

        Assert.Equal([("a", 1), ("b", 10), ("a", 3), ("b", 30), ("a", 6)], sums);
    }

    [Fact]
    public async Task Should_drop_ids_seen_within_the_window_and_forget_older_ones()
    {
        var kept = await Source.From(new[] { 1, 2, 1, 3, 2, 4, 1 })
            .Via(Ops.Deduplicate<int, int>(i => i, window: 3))
            .RunWith(Sink.Seq<int>(), Materializer);

        // 1 2 3 kept; 1 and 2 dropped (in the window); 4 pushes 1 out, so the last 1 passes again
        Assert.Equal([1, 2, 3, 4, 1], kept);
    }

    [Fact]
    public async Task Should_throttle_without_dropping()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var all = await Source.From(Enumerable.Range(0, 20)).Via(Ops.Throttle<int>(10, TimeSpan.FromMilliseconds(200), burst: 10))
            .RunWith(Sink.Seq<int>(), Materializer);

        Assert.Equal(Enumerable.Range(0, 20), all);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"20 elements at 10 per 200 ms took only {clock.Elapsed}");
    }

    [Fact]
    public async Task Should_take_no_more_than_its_buffer_and_parallelism_ahead_of_a_slow_downstream()
    {
        var emitted = 0;
        var (stop, queue) = Source.From(Enumerable.Range(0, 100_000))
            .Select(i =>
            {
                Interlocked.Increment(ref emitted);
                return i;
            })
            .Via(Ops.ParallelMap(2, (int i) => Task.FromResult(i), buffer: OperatorBuffer.Backpressure(8)))
            .ViaMaterialized(KillSwitches.Single<int>(), Keep.Right)
            .ToMaterialized(Sink.Queue<int>().WithAttributes(Attributes.CreateInputBuffer(1, 1)), Keep.Both)
            .Run(Materializer);

        Assert.Equal(0, (await queue.PullAsync()).Value);

        // 1 pulled, 1 in the queue's buffer, 2 in the parallel map, 8 in its buffer
        await AwaitConditionAsync(() => Task.FromResult(Volatile.Read(ref emitted) >= 12), Wait, TimeSpan.FromMilliseconds(10), "the buffer filled");
        Assert.InRange(Volatile.Read(ref emitted), 12, 12);
        stop.Shutdown();
    }

    [Fact]
    public async Task Should_sample_the_latest_element_through_a_throttle_with_a_dropping_buffer()
    {
        var sampled = await Source.From(Enumerable.Range(0, 100))
            .Via(Ops.Throttle<int>(1, TimeSpan.FromMilliseconds(200), burst: 1, buffer: new OperatorBuffer(1, OverflowStrategy.DropHead)))
            .RunWith(Sink.Seq<int>(), Materializer).WaitAsync(Wait);

        Assert.Equal(0, sampled[0]);
        Assert.Equal(99, sampled[^1]);
        Assert.True(sampled.Count < 10, $"a sample, not every element: {string.Join(",", sampled)}");
        Assert.Throws<ArgumentException>(() => new OperatorBuffer(0, OverflowStrategy.DropHead));
    }
}
