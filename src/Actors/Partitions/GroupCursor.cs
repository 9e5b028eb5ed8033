using Actors.Topics;

namespace Actors.Partitions;

/// <summary>What a cursor wants done next: deliver an offset, move it to the dead-letter topic, or nothing.</summary>
internal enum CursorStepKind
{
    None,
    Deliver,
    DeadLetter,
}

internal readonly record struct CursorStep(CursorStepKind Kind, long Offset, int Attempt)
{
    public static CursorStep None => default;
}

/// <summary>
/// One consumer group's position on one partition: the committed offset (everything below is done),
/// what is in flight and until when, what waits to be redelivered, and how often each offset was tried.
/// Pure bookkeeping with no actor or clock of its own, so every rule of at-least-once delivery is testable
/// on its own: a delivery stays in flight until acked; past its deadline or on nack it is retried; past the
/// last attempt it is dead-lettered; the commit only moves over a contiguous run of done offsets.
/// </summary>
internal sealed class GroupCursor(GroupName group, long committed, long dropped = 0)
{
    private readonly SortedSet<long> _done = [];
    private readonly Dictionary<long, DateTimeOffset> _inFlight = [];
    private readonly Dictionary<long, int> _attempts = [];
    private readonly SortedSet<(DateTimeOffset Due, long Offset)> _retry = [];
    private readonly Dictionary<long, DateTimeOffset> _retryDue = [];
    private readonly HashSet<long> _deadLettering = [];

    public GroupName Group { get; } = group;
    public long Committed { get; private set; } = committed;
    public long Next { get; private set; } = committed;

    /// <summary>Messages retention deleted before this group committed past them, in all (journaled with the commit).</summary>
    public long Dropped { get; private set; } = dropped;

    /// <summary>The commit moved since it was last persisted.</summary>
    public bool Dirty { get; set; }

    public IActorRef? Consumer { get; private set; }
    public long Generation { get; private set; } = long.MinValue;
    public int Window { get; private set; }
    public int InFlight => _inFlight.Count;

    /// <summary>Makes <paramref name="consumer"/> the receiver; a stale generation is refused.</summary>
    public bool Attach(IActorRef consumer, long generation, int window, DateTimeOffset now)
    {
        if (generation < Generation) return false;
        if (Consumer is not null && !Consumer.Equals(consumer)) ReturnInFlight(now);
        Consumer = consumer;
        Generation = generation;
        Window = Math.Max(0, window);
        return true;
    }

    /// <summary>No consumer any more: whatever it held goes back to be delivered to the next one.</summary>
    public void Detach(DateTimeOffset now)
    {
        ReturnInFlight(now);
        Consumer = null;
    }

    /// <summary>The next thing to do for this group, or none when the window is full or nothing is due.</summary>
    public CursorStep TakeNext(DateTimeOffset now, PartitionLog log, TimeSpan visibility, int maxAttempts)
    {
        if (Consumer is null || _inFlight.Count >= Window) return CursorStep.None;
        SkipExpired(log.StartOffset);
        while (_retry.Count > 0 && _retry.Min.Due <= now)
        {
            var offset = _retry.Min.Offset;
            _retry.Remove(_retry.Min);
            _retryDue.Remove(offset);
            var attempts = _attempts.GetValueOrDefault(offset);
            if (attempts >= maxAttempts)
            {
                _deadLettering.Add(offset);
                return new CursorStep(CursorStepKind.DeadLetter, offset, attempts);
            }

            return Deliver(offset, now, visibility);
        }

        return Next < log.EndOffset ? Deliver(Next++, now, visibility) : CursorStep.None;
    }

    /// <summary>
    /// What <see cref="TakeNext"/> would return now, without taking it: the partition first makes sure the message is
    /// in memory (a page of an old offset may have to be read from the journal), and delivers nothing past it until it is.
    /// </summary>
    public CursorStep PeekNext(DateTimeOffset now, PartitionLog log, int maxAttempts)
    {
        if (Consumer is null || _inFlight.Count >= Window) return CursorStep.None;
        SkipExpired(log.StartOffset);
        if (_retry.Count > 0 && _retry.Min.Due <= now)
        {
            var offset = _retry.Min.Offset;
            var attempts = _attempts.GetValueOrDefault(offset);
            return attempts >= maxAttempts
                ? new CursorStep(CursorStepKind.DeadLetter, offset, attempts)
                : new CursorStep(CursorStepKind.Deliver, offset, attempts + 1);
        }

        return Next < log.EndOffset ? new CursorStep(CursorStepKind.Deliver, Next, _attempts.GetValueOrDefault(Next) + 1) : CursorStep.None;
    }

    /// <summary>The offset is processed. False when it is not in flight or waiting for redelivery (unknown delivery).</summary>
    public bool Ack(long offset)
    {
        if (!_inFlight.Remove(offset) && !RemoveRetry(offset)) return false;
        MarkDone(offset);
        return true;
    }

    /// <summary>The delivery failed: retry it after <paramref name="delay"/>. False for an unknown delivery.</summary>
    public bool Nack(long offset, TimeSpan delay, DateTimeOffset now)
    {
        if (!_inFlight.Remove(offset)) return false;
        AddRetry(offset, now + delay);
        return true;
    }

    /// <summary>Deliveries past their visibility deadline become due for redelivery; returns how many.</summary>
    public int ExpireInFlight(DateTimeOffset now)
    {
        var expired = _inFlight.Where(kv => kv.Value <= now).Select(kv => kv.Key).ToList();
        foreach (var offset in expired)
        {
            _inFlight.Remove(offset);
            AddRetry(offset, now);
        }

        return expired.Count;
    }

    /// <summary>The offset now lives in the dead-letter topic: it counts as done for this group.</summary>
    public void DeadLettered(long offset)
    {
        if (_deadLettering.Remove(offset)) MarkDone(offset);
    }

    /// <summary>Moving the offset to the dead-letter topic failed: try again later.</summary>
    public void DeadLetterFailed(long offset, DateTimeOffset retryAt)
    {
        if (_deadLettering.Remove(offset)) AddRetry(offset, retryAt);
    }

    /// <summary>Moves the group to <paramref name="position"/>, forgetting everything in flight (replay or skip).</summary>
    public void Seek(long position)
    {
        _done.Clear();
        _inFlight.Clear();
        _attempts.Clear();
        _retry.Clear();
        _retryDue.Clear();
        _deadLettering.Clear();
        Committed = Next = position;
        Dirty = true;
    }

    /// <summary>
    /// Messages below <paramref name="start"/> were removed by retention: nothing there can be delivered any more. Those
    /// this group had not done yet are added to <see cref="Dropped"/>; returns how many. The commit moves to the start, so
    /// a message is counted once, also when retention runs again after a restart.
    /// </summary>
    public long SkipExpired(long start)
    {
        if (Committed >= start) return 0;
        var unread = start - Committed - _done.Count(o => o < start);
        Dropped += unread;
        foreach (var offset in _inFlight.Keys.Where(o => o < start).ToList()) _inFlight.Remove(offset);
        foreach (var offset in _retryDue.Keys.Where(o => o < start).ToList()) RemoveRetry(offset);
        _done.RemoveWhere(o => o < start);
        _deadLettering.RemoveWhere(o => o < start);
        foreach (var offset in _attempts.Keys.Where(o => o < start).ToList()) _attempts.Remove(offset);
        Committed = start;
        Next = Math.Max(Next, start);
        while (_done.Remove(Committed)) Committed++;
        Dirty = true;
        return unread;
    }

    private CursorStep Deliver(long offset, DateTimeOffset now, TimeSpan visibility)
    {
        var attempt = _attempts.GetValueOrDefault(offset) + 1;
        _attempts[offset] = attempt;
        _inFlight[offset] = now + visibility;
        return new CursorStep(CursorStepKind.Deliver, offset, attempt);
    }

    private void MarkDone(long offset)
    {
        _attempts.Remove(offset);
        if (offset < Committed) return;
        if (offset > Committed)
        {
            _done.Add(offset);
            return;
        }

        Committed++;
        while (_done.Remove(Committed)) Committed++;
        Dirty = true;
    }

    private void ReturnInFlight(DateTimeOffset now)
    {
        foreach (var offset in _inFlight.Keys.ToList()) AddRetry(offset, now);
        _inFlight.Clear();
    }

    private void AddRetry(long offset, DateTimeOffset due)
    {
        RemoveRetry(offset);
        _retry.Add((due, offset));
        _retryDue[offset] = due;
    }

    private bool RemoveRetry(long offset)
    {
        if (!_retryDue.Remove(offset, out var due)) return false;
        _retry.Remove((due, offset));
        return true;
    }
}
