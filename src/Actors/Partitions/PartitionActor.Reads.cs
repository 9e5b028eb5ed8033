using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// The partition's commands for readers and writers that speak in batches and keep their own positions (the Kafka
/// edge): appending a record batch as one unit with one answer, reading a range from the in-memory log with a
/// long-poll, and finding offsets by position or time. A read that finds less than it wants waits here (parked) and
/// is answered when an append brings enough, at its deadline, or when the partition stops, whichever comes first.
/// </summary>
internal sealed partial class PartitionActor
{
    private readonly Dictionary<long, (ReadPartition Read, IActorRef Sender)> _parkedReads = [];
    private long _nextReadId;

    private void ReadyReads()
    {
        Command<AppendBatch>(HandleAppendBatch);
        Command<ReadPartition>(HandleRead);
        Command<GetPartitionOffsets>(HandleGetOffsets);
        Command<ReadDeadline>(d => AnswerParked(d.ReadId));
    }

    private void HandleAppendBatch(AppendBatch batch)
    {
        if (batch.Messages.Count == 0)
        {
            Sender.Tell(new BatchAppended(_topic, _partition, _messages.EndOffset, batch.CorrelationId));
            return;
        }

        foreach (var message in batch.Messages)
        {
            if (message.Size is var size && size > Spec.MaxMessageBytes)
            {
                Sender.Tell(new PublishRejected(_topic, TopicMessage.TooLarge(size, Spec.MaxMessageBytes), batch.CorrelationId, PublishError.MessageTooLarge));
                return;
            }
        }

        if (batch.Producer is not { } producer)
        {
            _batcher.AddBatch(batch, Sender);
            TryFlush();
            return;
        }

        var producerBatch = new ProducerBatch(producer.ProducerId, producer.Epoch, producer.Sequence, batch.Messages.Count);
        var check = _producers.Check(producerBatch);
        switch (check.Verdict)
        {
            case SequenceVerdict.Append:
                _producers.Take(producerBatch, _batcher.AddBatch(batch, Sender));
                TryFlush();
                break;
            case SequenceVerdict.Duplicate when check.Offset >= 0 && check.Offset + batch.Messages.Count - 1 >= _messages.EndOffset:
                // Still on its way to the journal: answered with the original when its last message is written.
                _batcher.AnswerAlso(check.Offset + batch.Messages.Count - 1, batch.CorrelationId, Sender, batch.Messages.Count);
                break;
            case SequenceVerdict.Duplicate:
                Sender.Tell(new BatchAppended(_topic, _partition, check.Offset, batch.CorrelationId));
                break;
            case SequenceVerdict.OutOfOrder:
                Sender.Tell(new PublishRejected(_topic, $"producer {producer.ProducerId} sent sequence {producer.Sequence}, expected {check.ExpectedSequence}",
                    batch.CorrelationId, PublishError.OutOfOrderSequence, check.ExpectedSequence));
                break;
            default:
                Sender.Tell(new PublishRejected(_topic, $"producer {producer.ProducerId} epoch {producer.Epoch} is fenced by a newer epoch",
                    batch.CorrelationId, PublishError.ProducerFenced));
                break;
        }
    }

    private void HandleRead(ReadPartition read)
    {
        if (read.FromOffset < _messages.StartOffset || read.FromOffset > _messages.EndOffset)
        {
            Sender.Tell(new PartitionRead(_topic, _partition, _messages.StartOffset, _messages.EndOffset, [], OutOfRange: true));
            return;
        }

        if (read.MaxWait <= TimeSpan.Zero || _stopping || AvailableBytes(read.FromOffset, read.MinBytes) >= read.MinBytes)
        {
            Sender.Tell(Read(read));
            return;
        }

        var id = ++_nextReadId;
        _parkedReads[id] = (read, Sender);
        Timers.StartSingleTimer(new ReadDeadline(id), new ReadDeadline(id), read.MaxWait);
    }

    private void HandleGetOffsets(GetPartitionOffsets get)
    {
        if (get.AtTime is not { } time)
        {
            Sender.Tell(new PartitionOffsets(_topic, _partition, _messages.StartOffset, _messages.EndOffset));
            return;
        }

        var offset = _messages.FirstOffsetAtOrAfter(DateTimeOffset.FromUnixTimeMilliseconds(time));
        var found = _messages.Get(offset);
        Sender.Tell(found is null
            ? new PartitionOffsets(_topic, _partition, _messages.StartOffset, _messages.EndOffset)
            : new PartitionOffsets(_topic, _partition, _messages.StartOffset, _messages.EndOffset, offset, found.Message.Timestamp.ToUnixTimeMilliseconds()));
    }

    /// <summary>Messages from the read's offset up to its byte limit; the first one whatever its size, so a reader always moves on.</summary>
    private PartitionRead Read(ReadPartition read)
    {
        var messages = new List<StoredMessage>();
        long bytes = 0;
        for (var offset = read.FromOffset; offset < _messages.EndOffset; offset++)
        {
            if (_messages.Get(offset) is not { } stored) continue;
            var size = stored.Message.Size;
            if (messages.Count > 0 && bytes + size > read.MaxBytes) break;
            messages.Add(stored);
            bytes += size;
            if (bytes >= read.MaxBytes) break;
        }

        return new PartitionRead(_topic, _partition, _messages.StartOffset, _messages.EndOffset, messages);
    }

    /// <summary>The bytes from <paramref name="fromOffset"/> on, counted only up to <paramref name="enough"/>.</summary>
    private long AvailableBytes(long fromOffset, int enough)
    {
        long bytes = 0;
        for (var offset = Math.Max(fromOffset, _messages.StartOffset); offset < _messages.EndOffset && bytes < Math.Max(enough, 1); offset++)
            bytes += Math.Max(_messages.Get(offset)?.Message.Size ?? 0, 1);
        return bytes;
    }

    /// <summary>After a write: answers the parked reads that now have enough.</summary>
    private void WakeParkedReads()
    {
        if (_parkedReads.Count == 0) return;
        foreach (var (id, (read, _)) in _parkedReads.ToList())
            if (AvailableBytes(read.FromOffset, read.MinBytes) >= read.MinBytes)
                AnswerParked(id);
    }

    /// <summary>The partition stops or moves: every parked read is answered with what there is.</summary>
    private void AnswerAllParked()
    {
        foreach (var id in _parkedReads.Keys.ToList()) AnswerParked(id);
    }

    private void AnswerParked(long id)
    {
        if (!_parkedReads.Remove(id, out var parked)) return;
        Timers.Cancel(new ReadDeadline(id));
        var (read, sender) = parked;
        sender.Tell(read.FromOffset < _messages.StartOffset
            ? new PartitionRead(_topic, _partition, _messages.StartOffset, _messages.EndOffset, [], OutOfRange: true)
            : Read(read));
    }

    /// <summary>A parked read's deadline.</summary>
    private sealed record ReadDeadline(long ReadId) : INoSerializationVerificationNeeded, IDeadLetterSuppression;
}
