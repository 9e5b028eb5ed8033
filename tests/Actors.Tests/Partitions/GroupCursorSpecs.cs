using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

public sealed class GroupCursorSpecs : TestKit
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);
    private readonly DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public GroupCursorSpecs(ITestOutputHelper output) : base(output: output)
    {
    }

    private static PartitionLog LogWith(int count)
    {
        var log = new PartitionLog();
        var messages = Enumerable.Range(0, count).Select(i => new TopicMessage(null, [(byte)i], TopicMessage.NoHeaders, DateTimeOffset.UnixEpoch)).ToList();
        log.Apply(new MessagesAppended(0, messages), 1);
        return log;
    }

    private GroupCursor Attached(int window)
    {
        var cursor = new GroupCursor(new GroupName("g"), 0);
        cursor.Attach(CreateTestProbe().Ref, 1, window, _now);
        return cursor;
    }

    [Fact]
    public void Should_never_have_more_in_flight_than_the_credit_window()
    {
        // arrange
        var log = LogWith(10);
        var cursor = Attached(window: 3);

        // act
        var steps = Enumerable.Range(0, 10).Select(_ => cursor.TakeNext(_now, log, Visibility, 5)).ToList();

        // assert
        Assert.Equal([0L, 1, 2], steps.Where(s => s.Kind == CursorStepKind.Deliver).Select(s => s.Offset));
        Assert.Equal(3, cursor.InFlight);
        Assert.True(cursor.Ack(1));
        Assert.Equal(new CursorStep(CursorStepKind.Deliver, 3, 1), cursor.TakeNext(_now, log, Visibility, 5));
    }

    [Fact]
    public void Should_commit_only_over_a_contiguous_run_of_acks()
    {
        var log = LogWith(3);
        var cursor = Attached(window: 10);
        for (var i = 0; i < 3; i++) cursor.TakeNext(_now, log, Visibility, 5);

        cursor.Ack(1);
        cursor.Ack(2);
        Assert.Equal(0, cursor.Committed);

        cursor.Ack(0);
        Assert.Equal(3, cursor.Committed);
        Assert.True(cursor.Dirty);
    }

    [Fact]
    public void Should_redeliver_after_the_visibility_timeout_with_the_attempt_count()
    {
        var log = LogWith(1);
        var cursor = Attached(window: 10);
        cursor.TakeNext(_now, log, Visibility, 5);

        Assert.Equal(0, cursor.ExpireInFlight(_now + Visibility - TimeSpan.FromTicks(1)));
        Assert.Equal(1, cursor.ExpireInFlight(_now + Visibility));

        Assert.Equal(new CursorStep(CursorStepKind.Deliver, 0, 2), cursor.TakeNext(_now + Visibility, log, Visibility, 5));
    }

    [Fact]
    public void Should_hold_a_nacked_delivery_until_its_delay_passed()
    {
        var log = LogWith(1);
        var cursor = Attached(window: 10);
        cursor.TakeNext(_now, log, Visibility, 5);

        Assert.True(cursor.Nack(0, TimeSpan.FromSeconds(5), _now));

        Assert.Equal(CursorStepKind.None, cursor.TakeNext(_now + TimeSpan.FromSeconds(4), log, Visibility, 5).Kind);
        Assert.Equal(new CursorStep(CursorStepKind.Deliver, 0, 2), cursor.TakeNext(_now + TimeSpan.FromSeconds(5), log, Visibility, 5));
    }

    [Fact]
    public void Should_dead_letter_after_the_last_attempt_and_count_it_done_once_moved()
    {
        var log = LogWith(2);
        var cursor = Attached(window: 10);
        cursor.TakeNext(_now, log, Visibility, 2);
        cursor.Nack(0, TimeSpan.Zero, _now);
        Assert.Equal(new CursorStep(CursorStepKind.Deliver, 0, 2), cursor.TakeNext(_now, log, Visibility, 2));
        cursor.Nack(0, TimeSpan.Zero, _now);

        Assert.Equal(new CursorStep(CursorStepKind.DeadLetter, 0, 2), cursor.TakeNext(_now, log, Visibility, 2));
        Assert.Equal(0, cursor.Committed);

        cursor.DeadLettered(0);
        Assert.Equal(1, cursor.Committed);
    }

    [Fact]
    public void Should_refuse_an_ack_for_an_unknown_delivery()
    {
        var log = LogWith(2);
        var cursor = Attached(window: 10);
        cursor.TakeNext(_now, log, Visibility, 5);

        Assert.False(cursor.Ack(1));
        Assert.True(cursor.Ack(0));
        Assert.False(cursor.Ack(0));
    }

    [Fact]
    public void Should_return_in_flight_deliveries_when_the_consumer_changes()
    {
        var log = LogWith(2);
        var cursor = Attached(window: 10);
        cursor.TakeNext(_now, log, Visibility, 5);
        cursor.TakeNext(_now, log, Visibility, 5);

        Assert.True(cursor.Attach(CreateTestProbe().Ref, generation: 2, window: 10, _now));

        Assert.Equal(0, cursor.InFlight);
        Assert.Equal(new CursorStep(CursorStepKind.Deliver, 0, 2), cursor.TakeNext(_now, log, Visibility, 5));
        Assert.False(cursor.Attach(CreateTestProbe().Ref, generation: 1, window: 10, _now));
    }

    [Fact]
    public void Should_skip_messages_removed_by_retention()
    {
        var log = LogWith(10);
        var cursor = Attached(window: 10);
        log.ApplyRetention(_now, TimeSpan.MaxValue, maxCount: 4);

        Assert.Equal(new CursorStep(CursorStepKind.Deliver, 6, 1), cursor.TakeNext(_now, log, Visibility, 5));
        Assert.Equal(6, cursor.Committed);
    }

    [Fact]
    public void Should_replay_from_a_seek_position()
    {
        var log = LogWith(5);
        var cursor = Attached(window: 10);
        for (var i = 0; i < 5; i++)
        {
            cursor.TakeNext(_now, log, Visibility, 5);
            cursor.Ack(i);
        }

        cursor.Seek(2);

        Assert.Equal(2, cursor.Committed);
        Assert.Equal(new CursorStep(CursorStepKind.Deliver, 2, 1), cursor.TakeNext(_now, log, Visibility, 5));
    }
}
