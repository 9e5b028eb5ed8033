using Actors.Topics;

namespace Actors.Partitions;

/// <summary>
/// The partition's commands for readers and writers that speak in batches and keep their own positions (the Kafka
/// edge): appending a record batch as one unit with one answer, reading a range of the log with a long-poll, and
/// finding offsets by position or time. A read that finds less than it wants waits here (parked) and is answered when
/// an append brings enough, at its deadline, or when the partition stops, whichever comes first. A read or a lookup of
/// offsets below the in-memory tail waits for its page of the journal and is answered with what the page holds.
/// </summary>
internal sealed partial class PartitionActor
{
    private readonly Dictionary<long, (ReadPartition Read, IActorRef Sender)> _parkedReads = [];
    private long _nextReadId;

    private void ReadyReads()
    {
        Command<AppendBatch>(HandleAppendBatch);
        Command<ReadPartition>(read => HandleRead(read, Sender));
        Command<GetPartitionOffsets>(get => HandleGetOffsets(get, Sender));
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

        var weight = batch.Messages.Sum(LogPage.Weight);
        if (WouldAppend(batch.Producer) && Full(batch.Messages.Count, weight) is { } full)
        {
            Sender.Tell(new PublishRejected(_topic, full, batch.CorrelationId, PublishError.PartitionFull));
            return;
        }

        if (batch.Producer is not { } producer)
        {
            _batcher.AddBatch(batch, Sender);
            _pendingBytes += weight;
            TryFlush();
            return;
        }

        var producerBatch = new ProducerBatch(producer.ProducerId, producer.Epoch, producer.Sequence, batch.Messages.Count);
        var check = _producers.Check(producerBatch);
        switch (check.Verdict)
        {
            case SequenceVerdict.Append:
                _producers.Take(producerBatch, _batcher.AddBatch(batch, Sender));
                _pendingBytes += weight;
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

    private void HandleRead(ReadPartition read, IActorRef sender)
    {
        if (read.FromOffset < _messages.StartOffset || read.FromOffset > _messages.EndOffset)
        {
            sender.Tell(new PartitionRead(_topic, _partition, _messages.StartOffset, _messages.EndOffset, [], OutOfRange: true));
            return;
        }

        // Below the tail there is always more to read: no long-poll, only the wait for the page.
        if (read.MaxWait <= TimeSpan.Zero || _stopping || read.FromOffset < _messages.TailStart || AvailableBytes(read.FromOffset, read.MinBytes) >= read.MinBytes)
        {
            AnswerRead(read, sender);
            return;
        }

        var id = ++_nextReadId;
        _parkedReads[id] = (read, sender);
        Timers.StartSingleTimer(new ReadDeadline(id), new ReadDeadline(id), read.MaxWait);
    }

    private void HandleGetOffsets(GetPartitionOffsets get, IActorRef sender)
    {
        if (get.AtTime is not { } time)
        {
            sender.Tell(new PartitionOffsets(_topic, _partition, _messages.StartOffset, _messages.EndOffset));
            return;
        }

        if (_messages.FindAtOrAfter(DateTimeOffset.FromUnixTimeMilliseconds(time), out var offset, out var page) == LogHit.Paged
            || _messages.Find(offset, out var found, out page) == LogHit.Paged)
        {
            WhenPageLoaded(page!, () => HandleGetOffsets(get, sender));
            return;
        }

        sender.Tell(found is null
            ? new PartitionOffsets(_topic, _partition, _messages.StartOffset, _messages.EndOffset)
            : new PartitionOffsets(_topic, _partition, _messages.StartOffset, _messages.EndOffset, offset, found.Message.Timestamp.ToUnixTimeMilliseconds()));
    }

    /// <summary>
    /// Answers with <see cref="Read"/>, or once the page it starts in is read from the journal. A read that stops at a
    /// page not in memory has that page read meanwhile: a reader going through the log finds it there next time.
    /// </summary>
    private void AnswerRead(ReadPartition read, IActorRef sender)
    {
        var result = Read(read, out var needed);
        if (needed is not null && !_stopping)
        {
            if (result.Messages.Count == 0)
            {
                WhenPageLoaded(needed, () => AnswerRead(read, sender));
                return;
            }

            RequestPage(needed);
        }

        sender.Tell(result);
    }

    /// <summary>
    /// Messages from the read's offset up to its byte limit; the first one whatever its size, so a reader always moves on.
    /// It stops at a message in a page not in memory (<paramref name="needed"/>): the reader gets what there is before it.
    /// </summary>
    private PartitionRead Read(ReadPartition read, out LogPage? needed)
    {
        needed = null;
        var messages = new List<StoredMessage>();
        long bytes = 0;
        for (var offset = Math.Max(read.FromOffset, _messages.StartOffset); offset < _messages.EndOffset; offset++)
        {
            var hit = _messages.Find(offset, out var stored, out var page);
            if (hit == LogHit.Paged)
            {
                needed = page;
                break;
            }

            if (stored is null) continue;
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
        if (read.FromOffset < _messages.StartOffset)
            sender.Tell(new PartitionRead(_topic, _partition, _messages.StartOffset, _messages.EndOffset, [], OutOfRange: true));
        else AnswerRead(read, sender);
    }

    /// <summary>A parked read's deadline.</summary>
    private sealed record ReadDeadline(long ReadId) : INoSerializationVerificationNeeded, IDeadLetterSuppression;
}
