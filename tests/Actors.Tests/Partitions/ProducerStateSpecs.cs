using Actors.Partitions;
using Actors.Topics;

namespace Actors.Tests.Partitions;

/// <summary>
/// The rules of Kafka's idempotent producer, on a partition's producer state: the next sequence is appended, a resend
/// is a duplicate answered with its offset, a gap is refused with the sequence expected, an old epoch is fenced; the
/// state survives a checkpoint and a replay of the journal.
/// </summary>
public sealed class ProducerStateSpecs
{
    private const long Producer = 7;

    private static ProducerBatch Batch(int sequence, short epoch = 0, long producer = Producer) => new(producer, epoch, sequence);

    /// <summary>Appends <paramref name="sequences"/> of <see cref="Producer"/> at offsets from <paramref name="firstOffset"/>, checking each first.</summary>
    private static ProducerState Appended(long firstOffset, params int[] sequences)
    {
        var state = new ProducerState();
        foreach (var (sequence, i) in sequences.Select((s, i) => (s, i)))
        {
            Assert.Equal(SequenceVerdict.Append, state.Check(Batch(sequence)).Verdict);
            state.Take(Batch(sequence), firstOffset + i);
        }

        return state;
    }

    [Fact]
    public void Should_append_a_new_producer_from_sequence_0_only()
    {
        var state = new ProducerState();

        Assert.Equal(new SequenceCheck(SequenceVerdict.OutOfOrder, ExpectedSequence: 0), state.Check(Batch(5)));
        Assert.Equal(SequenceVerdict.Append, state.Check(Batch(0)).Verdict);
    }

    [Fact]
    public void Should_answer_a_resend_with_its_original_offset_and_refuse_a_gap_with_the_sequence_expected()
    {
        // arrange: sequences 0..2 at offsets 10..12
        var state = Appended(10, 0, 1, 2);

        // act + assert
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 11), state.Check(Batch(1)));
        Assert.Equal(new SequenceCheck(SequenceVerdict.OutOfOrder, ExpectedSequence: 3), state.Check(Batch(4)));
        Assert.Equal(SequenceVerdict.Append, state.Check(Batch(3)).Verdict);
    }

    [Fact]
    public void Should_remember_offsets_of_producers_whose_publishes_interleave()
    {
        var state = new ProducerState();
        for (var i = 0; i < 6; i++) state.Take(Batch(i / 2, producer: i % 2 == 0 ? 1 : 2), 100 + i);

        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 102), state.Check(Batch(1, producer: 1)));
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 105), state.Check(Batch(2, producer: 2)));
    }

    [Fact]
    public void Should_call_a_resend_older_than_it_remembers_a_duplicate_of_unknown_offset()
    {
        // arrange: interleaved with another producer, so each of this one's sequences is a range of its own
        var state = new ProducerState();
        var count = ProducerState.RememberedSequences + 50;
        for (var i = 0; i < count; i++)
        {
            state.Take(Batch(i), 2L * i);
            state.Take(Batch(i, producer: 99), 2L * i + 1);
        }

        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate), state.Check(Batch(3)));
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 2L * (count - ProducerState.RememberedSequences)), state.Check(Batch(count - ProducerState.RememberedSequences)));
    }

    [Fact]
    public void Should_start_a_new_epoch_at_0_and_fence_the_old_one()
    {
        var state = Appended(0, 0, 1, 2);

        Assert.Equal(new SequenceCheck(SequenceVerdict.OutOfOrder, ExpectedSequence: 0), state.Check(Batch(3, epoch: 1)));
        state.Take(Batch(0, epoch: 1), 3);

        Assert.Equal(new SequenceCheck(SequenceVerdict.Fenced), state.Check(Batch(3, epoch: 0)));
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 3), state.Check(Batch(0, epoch: 1)));
        Assert.Equal(SequenceVerdict.Append, state.Check(Batch(1, epoch: 1)).Verdict);
    }

    [Fact]
    public void Should_wrap_from_the_largest_sequence_to_0()
    {
        var state = new ProducerState();
        state.Take(new ProducerBatch(Producer, 0, int.MaxValue - 1, 2), 40);

        Assert.Equal(SequenceVerdict.Append, state.Check(Batch(0)).Verdict);
        state.Take(new ProducerBatch(Producer, 0, 0, 2), 42);
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 41), state.Check(Batch(int.MaxValue)));
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 43), state.Check(Batch(1)));
        Assert.Equal(new SequenceCheck(SequenceVerdict.OutOfOrder, ExpectedSequence: 2), state.Check(Batch(3)));
    }

    [Fact]
    public void Should_rebuild_the_same_answers_from_journaled_runs()
    {
        // arrange: one batch of six messages: two of producer 7, a keyless one, two of producer 8, one more of 7
        var message = new TopicMessage(null, [1], TopicMessage.NoHeaders, default);
        var appended = new MessagesAppended(20, Enumerable.Repeat(message, 6).ToList(),
            [new ProducerRun(0, 7, 0, 0, 2), new ProducerRun(3, 8, 2, 10, 2), new ProducerRun(5, 7, 0, 2, 1)]);

        // act
        var state = new ProducerState();
        state.Apply(appended);

        // assert
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 21), state.Check(Batch(1)));
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 25), state.Check(Batch(2)));
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 24), state.Check(Batch(11, epoch: 2, producer: 8)));
        Assert.Equal(SequenceVerdict.Append, state.Check(Batch(3)).Verdict);
    }

    [Fact]
    public void Should_checkpoint_only_what_is_written_and_restore_it()
    {
        // arrange: sequences 0..4 at offsets 0..4, of which 0..2 are written and 3..4 still wait for the journal
        var state = Appended(0, 0, 1, 2, 3, 4);

        // act
        var snapshot = state.Snapshot(belowOffset: 3);
        var restored = new ProducerState();
        restored.Restore(snapshot);

        // assert: the restored state expects sequence 3 again (its publisher resends it) and knows 0..2
        Assert.Equal(new SequenceCheck(SequenceVerdict.Duplicate, 2), restored.Check(Batch(2)));
        Assert.Equal(SequenceVerdict.Append, restored.Check(Batch(3)).Verdict);
        Assert.Empty(state.Snapshot(belowOffset: 0));
    }

    [Fact]
    public void Should_forget_a_producer_once_retention_removed_its_last_message()
    {
        var state = Appended(0, 0, 1);
        state.Take(Batch(0, producer: 8), 5);

        state.ExpireBefore(startOffset: 2);

        Assert.Equal(1, state.Count);
        Assert.Equal(new SequenceCheck(SequenceVerdict.OutOfOrder, ExpectedSequence: 0), state.Check(Batch(2)));
    }
}
