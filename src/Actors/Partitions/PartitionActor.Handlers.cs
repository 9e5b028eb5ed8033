using Actors.Diagnostics;
using Actors.Topics;

namespace Actors.Partitions;

/// <summary>The partition's command handlers: publishing, delivering, acknowledging, dead-lettering, committing (retention: <c>PartitionActor.Retention.cs</c>).</summary>
internal sealed partial class PartitionActor
{
    private void HandleAppend(Append append)
    {
        Accept(append, Sender, grouped: false);
        TryFlush();
    }

    /// <summary>Every publish of the batch as if it came alone, then one flush: the batch's appends share the journal writes.</summary>
    private void HandlePublishBatch(PublishBatch batch)
    {
        foreach (var publish in batch.Publishes)
            Accept(new Append(_topic, _partition, publish.Message, publish.CorrelationId, publish.Producer), Sender, grouped: true);
        TryFlush();
    }

    /// <summary>Checks one publish (size, producer sequence) and queues it for the journal, or answers it at once.</summary>
    private void Accept(Append append, IActorRef sender, bool grouped)
    {
        if (append.Message.Size is var size && size > Spec.MaxMessageBytes)
        {
            sender.Tell(new PublishRejected(_topic, TopicMessage.TooLarge(size, Spec.MaxMessageBytes), append.CorrelationId, PublishError.MessageTooLarge));
            return;
        }

        // Only a publish that would be appended can be refused for room: a resend of one taken is answered with its offset.
        var weight = LogPage.Weight(append.Message);
        if (WouldAppend(append.Producer) && Full(1, weight) is { } full)
        {
            sender.Tell(new PublishRejected(_topic, full, append.CorrelationId, PublishError.PartitionFull));
            return;
        }

        if (append.Producer is not { } producer)
        {
            _batcher.Add(append, sender, grouped);
            _pendingBytes += weight;
            return;
        }

        var batch = new ProducerBatch(producer.ProducerId, producer.Epoch, producer.Sequence);
        var check = _producers.Check(batch);
        switch (check.Verdict)
        {
            case SequenceVerdict.Append:
                _producers.Take(batch, _batcher.Add(append, sender, grouped));
                _pendingBytes += weight;
                break;
            case SequenceVerdict.Duplicate when check.Offset >= _messages.EndOffset:
                _batcher.AnswerAlso(check.Offset, append.CorrelationId, sender); // still on its way to the journal
                break;
            case SequenceVerdict.Duplicate:
                sender.Tell(new PublishAck(_topic, _partition, check.Offset, append.CorrelationId));
                break;
            case SequenceVerdict.OutOfOrder:
                sender.Tell(new PublishRejected(_topic, $"producer {producer.ProducerId} sent sequence {producer.Sequence}, expected {check.ExpectedSequence}",
                    append.CorrelationId, PublishError.OutOfOrderSequence, check.ExpectedSequence));
                break;
            default:
                sender.Tell(new PublishRejected(_topic, $"producer {producer.ProducerId} epoch {producer.Epoch} is fenced by a newer epoch",
                    append.CorrelationId, PublishError.ProducerFenced));
                break;
        }
    }

    /// <summary>Starts the journal writes the batcher has ready (publishes wait there while writes are in flight).</summary>
    private void TryFlush()
    {
        var batches = _batcher.TakeBatches(DateTimeOffset.UtcNow);
        if (batches.Count == 0) return;
        foreach (var batch in batches) _writesInFlight.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp(), StartJournalSpan(batch)));
        PersistAllAsync(batches, OnBatchWritten);
    }

    /// <summary>
    /// A span for one journal write when a listener samples, linked to the trace of each message that carries one
    /// (a write serves many publishes, so they are links, not parents); null otherwise, at the cost of one check.
    /// </summary>
    private System.Diagnostics.Activity? StartJournalSpan(MessagesAppended batch)
    {
        if (!ActorsTelemetry.Source.HasListeners()) return null;
        List<System.Diagnostics.ActivityLink>? links = null;
        foreach (var message in batch.Messages)
            if (MessageTracing.TryLink(message.Headers, out var link))
                (links ??= []).Add(link);
        var previous = System.Diagnostics.Activity.Current;
        var span = ActorsTelemetry.Source.StartActivity("actors.journal.write", System.Diagnostics.ActivityKind.Internal, default(System.Diagnostics.ActivityContext),
            _tags, links);
        span?.SetTag("actors.journal.batch.size", batch.Messages.Count);
        System.Diagnostics.Activity.Current = previous;
        return span;
    }

    /// <summary>One record per journal write: its duration and size, the messages and bytes it published, its span ended.</summary>
    private void RecordWrite(MessagesAppended batch)
    {
        if (!_writesInFlight.TryDequeue(out var write)) return;
        MessageTracing.Stop(write.Span);
        var count = batch.Messages.Count;
        ActorsMetrics.PublishedMessages.Add(count, _tags);
        ActorsMetrics.JournalBatchSize.Record(count, _tags);
        if (ActorsMetrics.JournalWriteDuration.Enabled) ActorsMetrics.JournalWriteDuration.Record(Elapsed.Seconds(write.Started), _tags);
        if (!ActorsMetrics.PublishedBytes.Enabled) return;
        long bytes = 0;
        foreach (var message in batch.Messages) bytes += message.Size;
        ActorsMetrics.PublishedBytes.Add(bytes, _tags);
    }

    private void OnBatchWritten(MessagesAppended batch)
    {
        // A live write is all new messages: what the log weighed is what was on its way.
        var weight = _messages.Apply(batch, LastSequenceNr);
        _bytesSinceSnapshot += weight;
        RecordWrite(batch);
        Written(weight);
        var replies = _batcher.CompleteWrite();
        foreach (var reply in replies.Where(r => !r.Grouped))
            reply.Sender.Tell(reply.IsBatch
                ? new BatchAppended(_topic, _partition, reply.BaseOffset, reply.CorrelationId)
                : new PublishAck(_topic, _partition, reply.Offset, reply.CorrelationId));
        foreach (var (sender, confirms) in PublishConfirms.For(_topic, _partition, replies)) sender.Tell(confirms);
        if (OverBound()) ApplyRetention();
        CountEvent();
        TryFlush();
        DeliverAll();
        WakeParkedReads();
        StopWhenWritten();
    }

    private void HandleSubscribe(SubscribePartition subscribe, IActorRef sender)
    {
        if (!_groups.ContainsKey(subscribe.Group) && !TryResolve(subscribe.StartFrom, out _, out var page))
        {
            WhenPageLoaded(page!, () => HandleSubscribe(subscribe, sender));
            return;
        }

        var cursor = GetOrCreateGroup(subscribe.Group, subscribe.StartFrom);
        var previous = cursor.Consumer;
        if (!cursor.Attach(subscribe.Consumer, subscribe.Generation, subscribe.Credits, DateTimeOffset.UtcNow))
        {
            _log.Debug("partition {0}/{1}: ignored stale subscription of group {2} (generation {3})", _topic, _partition, subscribe.Group, subscribe.Generation);
            return;
        }

        if (previous is not null && !previous.Equals(subscribe.Consumer)) UnwatchIfUnused(previous);
        Context.Watch(subscribe.Consumer);
        sender.Tell(new PartitionSubscribed(_topic, _partition, subscribe.Group, cursor.Committed, _messages.EndOffset));
        Deliver(cursor);
    }

    private void HandleUnsubscribe(UnsubscribePartition unsubscribe)
    {
        if (!_groups.TryGetValue(unsubscribe.Group, out var cursor) || !unsubscribe.Consumer.Equals(cursor.Consumer)) return;
        cursor.Detach(DateTimeOffset.UtcNow);
        UnwatchIfUnused(unsubscribe.Consumer);
    }

    private void HandleAck(Ack ack) => AckAll(ack.Group, [new OffsetRange(ack.Offset, 1)]);

    private void HandleAckBatch(AckBatch batch) => AckAll(batch.Group, batch.Offsets);

    /// <summary>Acks each offset (refusing one not in flight), then fills the consumer's window once.</summary>
    private void AckAll(GroupName group, IReadOnlyList<OffsetRange> offsets)
    {
        _groups.TryGetValue(group, out var cursor);
        foreach (var range in offsets)
            for (var offset = range.First; offset < range.First + range.Count; offset++)
                if (cursor is null || !cursor.Ack(offset))
                    Sender.Tell(new AckRejected(_topic, _partition, group, offset, $"no delivery of offset {offset} is in flight for group {group}"));
        if (cursor is not null) Deliver(cursor);
    }

    private void HandleNack(Nack nack)
    {
        if (_groups.TryGetValue(nack.Group, out var cursor) && cursor.Nack(nack.Offset, nack.Delay, DateTimeOffset.UtcNow))
        {
            Deliver(cursor);
            return;
        }

        Sender.Tell(new AckRejected(_topic, _partition, nack.Group, nack.Offset, $"no delivery of offset {nack.Offset} is in flight for group {nack.Group}"));
    }

    private void HandleSeek(SeekPartition seek, IActorRef sender)
    {
        if (!TryResolve(seek.Position, out var position, out var page))
        {
            WhenPageLoaded(page!, () => HandleSeek(seek, sender));
            return;
        }

        var cursor = GetOrCreateGroup(seek.Group, seek.Position);
        cursor.Seek(position);
        PersistCommits();
        sender.Tell(Status());
        Deliver(cursor);
    }

    private void HandleConsumerTerminated(Terminated terminated)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var cursor in _groups.Values.Where(c => terminated.ActorRef.Equals(c.Consumer))) cursor.Detach(now);
    }

    private void HandleDeliveryTick()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var cursor in _groups.Values) cursor.ExpireInFlight(now);
        RetryWaitedPages();
        DeliverAll();
        PublishLag();
    }

    private void DeliverAll()
    {
        foreach (var cursor in _groups.Values) Deliver(cursor);
    }

    /// <summary>
    /// Pushes deliveries to the group's consumer until its credit window is full or nothing is due. A message that is
    /// only in the journal stops the group here until its page is read (so its order holds); the tail costs no lookup more.
    /// </summary>
    private void Deliver(GroupCursor cursor)
    {
        var counts = new DeliveryCounts();
        try
        {
            Deliver(cursor, ref counts);
        }
        finally
        {
            if (counts.Any) RecordDeliveries(cursor, counts);
        }
    }

    private void Deliver(GroupCursor cursor, ref DeliveryCounts counts)
    {
        var now = DateTimeOffset.UtcNow;
        while (true)
        {
            var next = cursor.PeekNext(now, _messages, Spec.MaxDeliveryAttempts);
            if (next.Kind == CursorStepKind.None) return;
            if (_messages.Find(next.Offset, out var stored, out var page) == LogHit.Paged)
            {
                RequestPageFor(page!);
                return;
            }

            // Delivering from a page read back: the next page is read meanwhile, so the group does not wait at its start.
            if (page is not null && page.Key != _readAheadAfter)
            {
                _readAheadAfter = page.Key;
                if (_messages.NextPaged(page) is { } ahead) RequestPage(ahead);
            }

            var step = cursor.TakeNext(now, _messages, Spec.VisibilityTimeout, Spec.MaxDeliveryAttempts);
            if (stored is null)
            {
                // A gap (a rejected write) or a message removed by retention: nothing to deliver there.
                if (step.Kind == CursorStepKind.DeadLetter) cursor.DeadLettered(step.Offset);
                else cursor.Ack(step.Offset);
                continue;
            }

            if (step.Kind == CursorStepKind.DeadLetter)
            {
                counts.DeadLettered++;
                SendToDeadLetters(cursor, stored, step.Attempt);
                continue;
            }

            cursor.Consumer!.Tell(new Delivery(_topic, _partition, cursor.Group, step.Offset, step.Attempt, stored.Message), Self);
            counts.Messages++;
            if (step.Attempt > 1) counts.Redelivered++;
            if (ActorsMetrics.DeliveredBytes.Enabled) counts.Bytes += stored.Message.Size;
        }
    }

    /// <summary>What one delivery pass sent to a group: recorded once per pass, not per message.</summary>
    private struct DeliveryCounts
    {
        public long Messages;
        public long Bytes;
        public long Redelivered;
        public long DeadLettered;

        public readonly bool Any => Messages > 0 || DeadLettered > 0;
    }

    private void RecordDeliveries(GroupCursor cursor, DeliveryCounts counts)
    {
        var tags = GroupTags(cursor.Group);
        if (counts.Messages > 0)
        {
            ActorsMetrics.DeliveredMessages.Add(counts.Messages, tags);
            ActorsMetrics.DeliveredBytes.Add(counts.Bytes, tags);
        }

        if (counts.Redelivered > 0) ActorsMetrics.Redelivered.Add(counts.Redelivered, tags);
        if (counts.DeadLettered > 0) ActorsMetrics.DeadLettered.Add(counts.DeadLettered, tags);
    }

    private KeyValuePair<string, object?>[] GroupTags(GroupName group)
    {
        if (!_groupTags.TryGetValue(group, out var tags)) _groupTags[group] = tags = MessagingTags.ForGroup(_topic.Value, _partition, group.Value);
        return tags;
    }

    /// <summary>Each group's lag (end offset - committed), published for the lag gauge: it reads the snapshot, never this actor.</summary>
    private void PublishLag()
    {
        foreach (var cursor in _groups.Values)
            ConsumerLag.Publish(_topic.Value, _partition, cursor.Group.Value, Math.Max(0, _messages.EndOffset - cursor.Committed), GroupTags(cursor.Group));
    }

    /// <summary>Publishes the message to the dead-letter topic; it counts as done once that publish is confirmed.</summary>
    private void SendToDeadLetters(GroupCursor cursor, StoredMessage stored, int attempts)
    {
        var deadLetterTopic = Spec.DeadLetterTopic(_settings.DeadLetterSuffix);
        if (deadLetterTopic is null)
        {
            cursor.DeadLettered(stored.Offset);
            return;
        }

        _log.Info("partition {0}/{1}: offset {2} failed {3} deliveries to group {4}; moving it to {5}", _topic, _partition, stored.Offset, attempts, cursor.Group, deadLetterTopic);
        _topicRef(deadLetterTopic).Tell(_deadLetters.Send(deadLetterTopic, cursor.Group, stored, attempts), Self);
    }

    private void HandleDeadLetterAck(PublishAck ack)
    {
        if (!_deadLetters.TryComplete(ack.CorrelationId, out var moved) || !_groups.TryGetValue(moved.Group, out var cursor)) return;
        cursor.DeadLettered(moved.Offset);
        Deliver(cursor);
    }

    private void HandleDeadLetterRejected(PublishRejected rejected)
    {
        if (!_deadLetters.TryComplete(rejected.CorrelationId, out var moved) || !_groups.TryGetValue(moved.Group, out var cursor)) return;
        _log.Warning("partition {0}/{1}: could not dead-letter offset {2}: {3}; will retry", _topic, _partition, moved.Offset, rejected.Reason);
        cursor.DeadLetterFailed(moved.Offset, DateTimeOffset.UtcNow + _settings.DeadLetterRetryInterval);
    }

    /// <summary>The group's cursor, created at <paramref name="startFrom"/> when new (resolvable: callers checked with <see cref="TryResolve"/>).</summary>
    private GroupCursor GetOrCreateGroup(GroupName group, StartFrom startFrom)
    {
        if (_groups.TryGetValue(group, out var cursor)) return cursor;
        TryResolve(startFrom, out var position, out _);
        cursor = new GroupCursor(group, position) { Dirty = true };
        _groups[group] = cursor;
        return cursor;
    }

    /// <summary>The offset <paramref name="position"/> names; false with the page to read first when that takes a page of the journal (a time).</summary>
    private bool TryResolve(StartFrom position, out long offset, out LogPage? page)
    {
        page = null;
        offset = position.Kind switch
        {
            StartKind.Latest => _messages.EndOffset,
            StartKind.Offset => Math.Clamp(position.Value, _messages.StartOffset, _messages.EndOffset),
            _ => _messages.StartOffset,
        };
        if (position.Kind != StartKind.Time) return true;
        var hit = _messages.FindAtOrAfter(DateTimeOffset.FromUnixTimeMilliseconds(position.Value), out var found, out page);
        offset = hit == LogHit.Found ? found : _messages.StartOffset;
        return hit == LogHit.Found;
    }

    private void UnwatchIfUnused(IActorRef consumer)
    {
        if (!_groups.Values.Any(c => consumer.Equals(c.Consumer))) Context.Unwatch(consumer);
    }

    /// <summary>Makes moved commits durable: one journal event for all groups whose commit moved.</summary>
    private void PersistCommits()
    {
        var dirty = _groups.Values.Where(c => c.Dirty).ToList();
        if (dirty.Count == 0) return;
        foreach (var cursor in dirty) cursor.Dirty = false;
        PersistAsync(new GroupsCommitted(dirty.ToDictionary(c => c.Group.Value, c => c.Committed),
            dirty.Where(c => c.Dropped > 0).ToDictionary(c => c.Group.Value, c => c.Dropped)), _ => CountEvent());
    }
}
