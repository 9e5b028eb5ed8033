using Actors.Diagnostics;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// An idempotent producer's publishes to one partition, in order: each gets the next sequence and stays here until the
/// partition confirms it. At most <c>window</c> consecutive ones are on their way, so a resend always falls within
/// what the partition remembers (<see cref="ProducerState.RememberedSequences"/>). What it sends again, always oldest
/// first: after silence (first the oldest alone, a probe, then the rest once the partition answers), after a refusal
/// for a gap (all of them, a new round), and any one overtaken by a later confirm (its own confirm was lost). A gap
/// the stream cannot fill (the partition lost the producer, or refused one for good) starts a new epoch, numbering
/// the waiting ones from 0 again. Pure: no actor, no clock; the producer actor sends what it returns.
/// </summary>
internal sealed class PartitionStream(TopicName topic, int partition, long producerId, int window)
{
    private readonly LinkedList<PendingPublish> _pending = new();
    private LinkedListNode<PendingPublish>? _unsent; // every publish before it is on its way in this round
    private int _nextSequence;
    private long _nextOrdinal;
    private long _sends;
    private DateTimeOffset _lastHeard;
    private readonly KeyValuePair<string, object?>[] _tags = MessagingTags.ForPublish(topic.Value);

    public TopicName Topic { get; } = topic;

    public int Partition { get; } = partition;

    public long ProducerId { get; private set; } = producerId;

    public short Epoch { get; private set; }

    public int Round { get; private set; }

    /// <summary>Only the oldest is on its way, to learn whether the partition answers again.</summary>
    public bool Probing { get; private set; }

    public IEnumerable<PendingPublish> Pending => _pending;

    /// <summary>Takes <paramref name="message"/> as the next in the stream; returns what to send now.</summary>
    public IReadOnlyList<PublishAttempt> Add(Publish message, TaskCompletionSource<PublishAck> completion, DateTimeOffset now, bool rerouted = false,
        long started = 0)
    {
        if (_pending.Count == 0) _lastHeard = now;
        var publish = new PendingPublish(_nextOrdinal++, message, completion) { Sequence = _nextSequence, Rerouted = rerouted, Started = started };
        _nextSequence = Sequences.Next(_nextSequence);
        publish.Node = _pending.AddLast(publish);
        _unsent ??= publish.Node;
        return Fill();
    }

    /// <summary>The partition stored <paramref name="attempt"/>'s publish; sends again any it overtook, and what the window now allows.</summary>
    public IReadOnlyList<PublishAttempt> Confirmed(PublishAttempt attempt, PublishAck ack, DateTimeOffset now)
    {
        Heard(now);
        if (Remove(attempt.Publish))
        {
            RecordConfirm(attempt.Publish);
            attempt.Publish.Completion.TrySetResult(ack);
        }

        foreach (var publish in _pending.TakeWhile(p => p.Ordinal < attempt.Publish.Ordinal).Where(p => p.Sent && p.LastSend < attempt.SendNumber))
        {
            publish.Sent = false;
            _unsent = _pending.First;
        }

        return Fill();
    }

    /// <summary>The partition refused <paramref name="attempt"/>'s publish for good: it fails with <paramref name="error"/>.</summary>
    public IReadOnlyList<PublishAttempt> Failed(PublishAttempt attempt, Exception error, DateTimeOffset now)
    {
        Heard(now);
        if (Remove(attempt.Publish)) attempt.Publish.Completion.TrySetException(error);
        return Fill();
    }

    /// <summary>
    /// The partition refused <paramref name="attempt"/>'s publish without taking its sequence (too large, or the partition
    /// is full under reject-publish): it fails with <paramref name="error"/>, and the publishes after it, which the
    /// partition refuses as out of order, move down one sequence to close the gap and go again in a new round. Those
    /// before it keep their sequences (the partition may have them already), so nothing is written twice.
    /// </summary>
    public IReadOnlyList<PublishAttempt> Skipped(PublishAttempt attempt, Exception error, DateTimeOffset now)
    {
        Heard(now);
        var current = IsCurrent(attempt) && attempt.Publish.Sequence == attempt.Sequence;
        var next = attempt.Publish.Node?.Next;
        if (!Remove(attempt.Publish)) return Fill();
        attempt.Publish.Completion.TrySetException(error);
        if (!current) return Fill();
        Round++;
        var sequence = attempt.Sequence;
        for (var node = next; node is not null; node = node.Next)
        {
            node.Value.Sequence = sequence;
            node.Value.Sent = false;
            sequence = Sequences.Next(sequence);
        }

        _nextSequence = sequence;
        if (next is not null && (_unsent is null || next.Value.Ordinal < _unsent.Value.Ordinal)) _unsent = next;
        return Fill();
    }

    /// <summary>The partition will never take <paramref name="attempt"/>'s publish: it leaves the stream unanswered (to be routed again).</summary>
    public IReadOnlyList<PublishAttempt> Withdrawn(PublishAttempt attempt, DateTimeOffset now)
    {
        Heard(now);
        Remove(attempt.Publish);
        return Fill();
    }

    /// <summary>
    /// The partition expects <paramref name="expected"/> instead: a new round from the oldest when that one still waits
    /// here, else a new epoch (it will never get that sequence). A refusal of an earlier round or epoch changes nothing.
    /// </summary>
    public IReadOnlyList<PublishAttempt> OutOfOrder(PublishAttempt attempt, int expected, DateTimeOffset now)
    {
        Heard(now);
        if (IsCurrent(attempt))
        {
            if (!_pending.Any(p => p.Sequence == expected)) StartEpoch(ProducerId, (short)(Epoch + 1));
            StartRound();
        }

        return Fill();
    }

    /// <summary>Another producer with this id took over a newer epoch (ids collide): go on under a new id.</summary>
    public IReadOnlyList<PublishAttempt> Fenced(PublishAttempt attempt, long newProducerId, DateTimeOffset now)
    {
        Heard(now);
        if (IsCurrent(attempt))
        {
            StartEpoch(newProducerId, 0);
            StartRound();
        }

        return Fill();
    }

    /// <summary>No answer for <paramref name="resendAfter"/> while publishes wait: probe with the oldest.</summary>
    public IReadOnlyList<PublishAttempt> Tick(DateTimeOffset now, TimeSpan resendAfter) =>
        _pending.Count > 0 && now - _lastHeard >= resendAfter ? Probe(now) : [];

    /// <summary>The client now talks to another node: what was on its way through the old one may be lost; probe at once.</summary>
    public IReadOnlyList<PublishAttempt> NodeChanged(DateTimeOffset now) => _pending.Count > 0 ? Probe(now) : [];

    private IReadOnlyList<PublishAttempt> Probe(DateTimeOffset now)
    {
        _lastHeard = now;
        StartRound();
        Probing = true;
        return [Send(_pending.First!.Value)];
    }

    private void Heard(DateTimeOffset now)
    {
        _lastHeard = now;
        Probing = false;
    }

    private bool IsCurrent(PublishAttempt attempt) => attempt.ProducerId == ProducerId && attempt.Epoch == Epoch && attempt.Round == Round;

    private void StartRound()
    {
        Round++;
        foreach (var publish in _pending) publish.Sent = false;
        _unsent = _pending.First;
    }

    /// <summary>Numbers every waiting publish from 0 again under a new epoch (a new id when the epochs run out).</summary>
    private void StartEpoch(long producerId, short epoch)
    {
        (ProducerId, Epoch) = epoch < 0 ? (ProducerIds.New(), (short)0) : (producerId, epoch);
        _nextSequence = 0;
        foreach (var publish in _pending)
        {
            publish.Sequence = _nextSequence;
            _nextSequence = Sequences.Next(_nextSequence);
        }
    }

    /// <summary>Sends, oldest first, what is not on its way yet within the window of the oldest waiting one.</summary>
    private IReadOnlyList<PublishAttempt> Fill()
    {
        if (Probing || _pending.Count == 0) return [];
        var limit = _pending.First!.Value.Ordinal + window;
        var sends = new List<PublishAttempt>();
        for (; _unsent is not null && _unsent.Value.Ordinal < limit; _unsent = _unsent.Next)
            if (!_unsent.Value.Sent)
                sends.Add(Send(_unsent.Value));
        return sends;
    }

    private PublishAttempt Send(PendingPublish publish)
    {
        publish.Sent = true;
        publish.LastSend = ++_sends;
        return new PublishAttempt(publish, ProducerId, Epoch, publish.Sequence, Round, publish.LastSend);
    }

    /// <summary>Publish to confirm, per message (a tag array built once per stream, nothing allocated).</summary>
    private void RecordConfirm(PendingPublish publish)
    {
        ActorsMetrics.SentMessages.Add(1, _tags);
        if (publish.Started != 0 && ActorsMetrics.OperationDuration.Enabled) ActorsMetrics.OperationDuration.Record(Elapsed.Seconds(publish.Started), _tags);
    }

    private bool Remove(PendingPublish publish)
    {
        if (publish.Node is null) return false;
        if (_unsent == publish.Node) _unsent = publish.Node.Next;
        _pending.Remove(publish.Node);
        publish.Node = null;
        return true;
    }
}
