namespace Actors.Partitions;

/// <summary>What a partition does with a sequenced publish (<see cref="ProducerState.Check"/>).</summary>
internal enum SequenceVerdict
{
    /// <summary>The next in the producer's stream: append it.</summary>
    Append,

    /// <summary>Taken before: answer it again with the original offset (-1 when older than the partition remembers), write nothing.</summary>
    Duplicate,

    /// <summary>A gap: refuse it, so the producer resends from the expected sequence, in order.</summary>
    OutOfOrder,

    /// <summary>An epoch older than the producer's current one: refuse it for good.</summary>
    Fenced,
}

/// <summary>The verdict on a batch, with the duplicate's offset or the sequence the partition expects.</summary>
internal readonly record struct SequenceCheck(SequenceVerdict Verdict, long Offset = -1, int ExpectedSequence = 0);

/// <summary><paramref name="Count"/> messages of one producer, sequences from <paramref name="FirstSequence"/> (a Kafka record batch's base sequence).</summary>
internal readonly record struct ProducerBatch(long ProducerId, short Epoch, int FirstSequence, int Count = 1);

/// <summary>
/// A partition's idempotent producers, as Kafka's broker keeps them: per producer id its epoch, its last sequence and
/// the offsets of its recent sequences. <see cref="Check"/> decides on a publish (next in sequence: append; taken
/// before: duplicate, answered with its offset; a gap: out of order; an old epoch: fenced), <see cref="Take"/> records
/// what was appended, live and on replay alike. The state is rebuilt from the journal's <see cref="ProducerRun"/>s and
/// <see cref="PartitionCheckpoint"/>s, so it moves with the partition; a producer is forgotten once retention removed
/// its last message. Pure: no actor, no clock; shared by every door that publishes with producer ids.
/// </summary>
internal sealed class ProducerState
{
    /// <summary>
    /// Sequences remembered per producer with their offsets. A producer that keeps no more than this many publishes
    /// unconfirmed per partition (as <see cref="Client.TopicClient"/> does) always gets a resend answered with its offset.
    /// </summary>
    public const int RememberedSequences = 1000;

    private readonly Dictionary<long, ProducerEntry> _producers = [];

    /// <summary>How many producers the partition remembers.</summary>
    public int Count => _producers.Count;

    /// <summary>The verdict on <paramref name="batch"/>; nothing changes until <see cref="Take"/>.</summary>
    public SequenceCheck Check(ProducerBatch batch)
    {
        if (!_producers.TryGetValue(batch.ProducerId, out var producer) || batch.Epoch > producer.Epoch)
            return batch.FirstSequence == 0 ? new(SequenceVerdict.Append) : new(SequenceVerdict.OutOfOrder, ExpectedSequence: 0);
        if (batch.Epoch < producer.Epoch) return new(SequenceVerdict.Fenced);
        var expected = Sequences.Next(producer.LastSequence);
        if (batch.FirstSequence == expected) return new(SequenceVerdict.Append);
        if (producer.OffsetOf(batch.FirstSequence) is { } offset) return new(SequenceVerdict.Duplicate, offset);
        return Sequences.AtOrBefore(batch.FirstSequence, producer.LastSequence)
            ? new(SequenceVerdict.Duplicate)
            : new(SequenceVerdict.OutOfOrder, ExpectedSequence: expected);
    }

    /// <summary>Records <paramref name="batch"/> as appended at offsets from <paramref name="firstOffset"/> (a check passed, or a replayed event).</summary>
    public void Take(ProducerBatch batch, long firstOffset)
    {
        if (!_producers.TryGetValue(batch.ProducerId, out var producer))
            _producers[batch.ProducerId] = producer = new ProducerEntry(batch.Epoch);
        producer.Take(batch.Epoch, batch.FirstSequence, batch.Count, firstOffset);
    }

    /// <summary>Replays a journaled batch's producer runs.</summary>
    public void Apply(MessagesAppended appended)
    {
        foreach (var run in appended.Producers)
            Take(new ProducerBatch(run.ProducerId, run.Epoch, run.FirstSequence, run.Count), appended.FirstOffset + run.Index);
    }

    /// <summary>Forgets producers whose last message is before <paramref name="startOffset"/> (removed by retention).</summary>
    public void ExpireBefore(long startOffset)
    {
        foreach (var (id, _) in _producers.Where(p => p.Value.LastOffset < startOffset).ToList()) _producers.Remove(id);
    }

    /// <summary>
    /// The state as of the offsets below <paramref name="belowOffset"/>, for a checkpoint: publishes accepted but not yet
    /// written are left out (the checkpoint may be durable before them), and a producer with none written is left out whole.
    /// </summary>
    public IReadOnlyList<ProducerSnapshot> Snapshot(long belowOffset) =>
        _producers.Select(p => new ProducerSnapshot(p.Key, p.Value.Epoch, p.Value.Ranges(belowOffset)))
            .Where(s => s.Recent.Count > 0)
            .ToList();

    /// <summary>Replaces the state with a checkpoint's.</summary>
    public void Restore(IReadOnlyList<ProducerSnapshot> snapshot)
    {
        _producers.Clear();
        foreach (var producer in snapshot)
            foreach (var range in producer.Recent)
                Take(new ProducerBatch(producer.ProducerId, producer.Epoch, range.FirstSequence, range.Count), range.FirstOffset);
    }
}
