using Actors.Streams.Distributed;

namespace Actors.Streams.Tests.Distributed;

/// <summary>Which worker gets which items, without a stream or an actor: windows of 4, so batches of up to 2.</summary>
public sealed class WorkDispatcherSpecs
{
    private readonly WorkDispatcher<string, string> _dispatcher = new(windowPerWorker: 4);

    [Fact]
    public void Should_give_an_idle_worker_what_there_is_at_once_up_to_half_its_window()
    {
        // arrange
        _dispatcher.Add("w1");
        _dispatcher.Wants("w1");
        Enqueue("a", "b", "c");

        // act
        var batches = _dispatcher.Dispatch(ready: 0, inputClosed: false);

        // assert: one batch of two, the third waits for the worker to ask again
        Assert.Equal([("w1", "0:a 1:b")], Describe(batches));
        Assert.Equal((1, 2), (_dispatcher.Pending, _dispatcher.InFlight));
        Assert.Empty(_dispatcher.Dispatch(ready: 0, inputClosed: false));
    }

    [Fact]
    public void Should_give_items_to_the_worker_holding_the_fewest()
    {
        // arrange: w1 holds two, w2 none; both ask
        _dispatcher.Add("w1");
        _dispatcher.Add("w2");
        _dispatcher.Wants("w1");
        Enqueue("a", "b");
        _dispatcher.Dispatch(ready: 0, inputClosed: false);
        _dispatcher.Wants("w1");
        _dispatcher.Wants("w2");
        Enqueue("c", "d");

        // act
        var batches = _dispatcher.Dispatch(ready: 0, inputClosed: false);

        // assert
        Assert.Equal([("w2", "2:c 3:d")], Describe(batches));
    }

    [Fact]
    public void Should_let_a_busy_worker_wait_for_a_full_batch_unless_the_input_has_ended()
    {
        // arrange: w1 holds one item and asks again; one more item is queued
        _dispatcher.Add("w1");
        _dispatcher.Wants("w1");
        Enqueue("a");
        _dispatcher.Dispatch(ready: 0, inputClosed: false);
        _dispatcher.Wants("w1");
        Enqueue("b");

        // act + assert: half a batch waits while more may come, and goes once nothing more will
        Assert.Empty(_dispatcher.Dispatch(ready: 0, inputClosed: false));
        Assert.Equal([("w1", "1:b")], Describe(_dispatcher.Dispatch(ready: 0, inputClosed: true)));
    }

    [Fact]
    public void Should_count_results_waiting_downstream_against_the_windows()
    {
        // arrange: one worker, window 4, three results waiting for downstream
        _dispatcher.Add("w1");
        _dispatcher.Wants("w1");
        Enqueue("a", "b");

        // act
        var batches = _dispatcher.Dispatch(ready: 3, inputClosed: false);

        // assert: room for one item only
        Assert.Equal([("w1", "0:a")], Describe(batches));
    }

    [Fact]
    public void Should_hand_a_lost_workers_items_to_the_others_first_and_ignore_its_late_results()
    {
        // arrange: w1 holds a and b, c is queued behind them
        _dispatcher.Add("w1");
        _dispatcher.Wants("w1");
        Enqueue("a", "b", "c");
        _dispatcher.Dispatch(ready: 0, inputClosed: false);

        // act: w1 is lost, w2 joins and asks
        var handedBack = _dispatcher.Remove("w1");
        _dispatcher.Add("w2");
        _dispatcher.Wants("w2");
        var batches = _dispatcher.Dispatch(ready: 0, inputClosed: false);

        // assert: a and b go first (they may hold up ordered results), w1's late result counts for nothing
        Assert.Equal(2, handedBack);
        Assert.Equal([("w2", "0:a 1:b")], Describe(batches));
        Assert.False(_dispatcher.Complete("w1", 0, out _));
        Assert.True(_dispatcher.Complete("w2", 0, out var item));
        Assert.Equal(("a", 1, 1), (item, _dispatcher.InFlight, _dispatcher.Pending));
    }

    [Fact]
    public void Should_never_give_a_worker_more_than_its_window()
    {
        // arrange
        _dispatcher.Add("w1");
        Enqueue("a", "b", "c", "d", "e", "f");

        // act: the worker asks three times without any result coming back
        var held = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            _dispatcher.Wants("w1");
            _dispatcher.Dispatch(ready: 0, inputClosed: true);
            held.Add(_dispatcher.HeldBy("w1"));
        }

        // assert
        Assert.Equal([2, 4, 4], held);
    }

    private void Enqueue(params string[] items)
    {
        foreach (var item in items) _dispatcher.Enqueue(item);
    }

    private static List<(string, string)> Describe(List<(string Worker, List<(long Seq, string Item)> Batch)> batches) =>
        batches.Select(b => (b.Worker, string.Join(" ", b.Batch.Select(i => $"{i.Seq}:{i.Item}")))).ToList();
}
