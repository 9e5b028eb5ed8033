using System.Collections.Concurrent;
using System.Diagnostics;
using Actors.Diagnostics;
using Actors.Kafka.Records;
using Actors.Kafka.Server;
using Actors.Partitions;
using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// Produce: each partition's record batches become one <see cref="AppendBatch"/> per batch (a client sends one per
/// partition per request; one larger than <see cref="KafkaEdgeSettings.MaxForwardBytes"/> goes in consecutive pieces), sent to the partition wherever it lives through the shard region and answered after its
/// journal write (acks=1 and acks=-1 alike; acks=0 is never answered, by the listener). Idempotent batches carry the
/// producer id, epoch and base sequence, checked by the partition exactly as native idempotent publishes are.
/// Requests of one connection reach their partitions in the order they arrived (a client pipelines them and counts
/// on that order): each waits for the previous one's dispatch before sending its own. An unknown topic is created
/// when <c>actors.topics.auto-create</c> allows, as native publishes do. A partition on a node that is unreachable
/// or lost while waiting is answered NOT_LEADER_OR_FOLLOWER at once (<see cref="PartitionAsks"/>).
/// </summary>
public sealed class ProduceHandler(Broker broker, EdgeTopics topics, EdgeView view, KafkaEdgeSettings settings) : IKafkaHandler<ProduceRequest, ProduceResponse>
{
    private readonly ConcurrentDictionary<long, Task> _dispatched = new();
    private long _correlation;

    public async ValueTask<ProduceResponse> HandleAsync(KafkaRequestContext context, ProduceRequest request, CancellationToken cancellationToken)
    {
        var previous = _dispatched.GetValueOrDefault(context.ConnectionId, Task.CompletedTask);
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_dispatched.ContainsKey(context.ConnectionId)) cancellationToken.Register(() => _dispatched.TryRemove(context.ConnectionId, out _));
        _dispatched[context.ConnectionId] = mine.Task;

        var pending = new List<(string Topic, int Partition, Task<ProduceResponse.Partition> Result)>();
        try
        {
            await previous;
            if (request.Acks is not (0 or 1 or -1))
                return Answer(request, (_, p) => Failed(p.Index, ErrorCode.InvalidRequiredAcks, $"acks={request.Acks} is not 0, 1 or -1"));
            if (request.TransactionalId is not null)
                return Answer(request, (_, p) => Failed(p.Index, ErrorCode.InvalidRequest, "transactions are not supported"));

            var specs = await topics.FindAllAsync(request.TopicData.Select(t => t.Name), create: true, cancellationToken);
            var timeout = request.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(Math.Min(request.TimeoutMs, settings.RequestTimeout.TotalMilliseconds)) : settings.RequestTimeout;
            foreach (var topic in request.TopicData)
                foreach (var partition in topic.PartitionData)
                    pending.Add((topic.Name, partition.Index, Dispatch(specs[topic.Name], partition, timeout, cancellationToken)));
        }
        finally
        {
            mine.SetResult();
        }

        await Task.WhenAll(pending.Select(p => p.Result));
        return new ProduceResponse
        {
            Responses = pending.GroupBy(p => p.Topic, StringComparer.Ordinal)
                .Select(g => new ProduceResponse.Topic { Name = g.Key, PartitionResponses = g.Select(p => p.Result.Result).ToList() })
                .ToList(),
        };
    }

    /// <summary>Decodes one partition's batches and tells them to the partition now (in request order); the task completes with its answer.</summary>
    private Task<ProduceResponse.Partition> Dispatch(TopicSpec? spec, ProduceRequest.Partition partition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (spec is null || partition.Index < 0 || partition.Index >= spec.Partitions)
            return Task.FromResult(Failed(partition.Index, ErrorCode.UnknownTopicOrPartition, "no such topic or partition"));
        var appends = new List<AppendBatch>();
        List<Activity>? spans = null;
        try
        {
            foreach (var batch in RecordBatchReader.ReadAll(partition.Records ?? ReadOnlyMemory<byte>.Empty, maxRecordsSize: settings.MaxRequestSize))
            {
                if (batch.IsControl || batch.Records.Count == 0) continue;
                var messages = RecordConversion.ToMessages(batch);
                if (ActorsTelemetry.Source.HasListeners()) spans = Trace(spec.Name.Value, messages, spans);
                foreach (var (first, count) in Pieces(messages, settings.MaxForwardBytes))
                {
                    var producer = batch.ProducerId >= 0
                        ? new ProducerSequence(batch.ProducerId, batch.ProducerEpoch, (int)((batch.BaseSequence + (long)first) % (1L << 31)))
                        : null;
                    appends.Add(new AppendBatch(spec.Name, partition.Index, messages.GetRange(first, count), Interlocked.Increment(ref _correlation), producer));
                }
            }
        }
        catch (RecordBatchException ex)
        {
            EndSpans(spans, ex.Message);
            return Task.FromResult(Failed(partition.Index, ex.Error, ex.Message));
        }
        catch (RecordRefusedException ex)
        {
            EndSpans(spans, ex.Message);
            return Task.FromResult(Failed(partition.Index, ErrorCode.InvalidRecord, ex.Message));
        }

        if (appends.Count == 0) return Task.FromResult(Failed(partition.Index, ErrorCode.InvalidRequest, "no records"));
        // Told now, in order; awaited afterwards.
        var replies = appends.Select(a => view.AskPartitionAsync<object>(broker, spec.Name, partition.Index, a, timeout, cancellationToken)).ToList();
        var answer = Collect(partition.Index, replies);
        return spans is null ? answer : EndSpansAfter(answer, spans);
    }

    /// <summary>
    /// A producer span per record while a listener samples, child of the trace context the record's <c>traceparent</c>
    /// header carries (a Kafka client's), whose own context replaces it in the stored headers: native consumers and
    /// Kafka fetches then continue the trace from here.
    /// </summary>
    private static List<Activity>? Trace(string topic, List<TopicMessage> messages, List<Activity>? spans)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var span = MessageTracing.StartPublishDetached(topic, messages[i].Headers, out var stamped, preferHeaders: true);
            if (span is null) continue;
            span.SetTag("actors.edge", "kafka");
            messages[i] = messages[i] with { Headers = stamped! };
            (spans ??= []).Add(span);
        }

        return spans;
    }

    private static async Task<ProduceResponse.Partition> EndSpansAfter(Task<ProduceResponse.Partition> answer, List<Activity> spans)
    {
        var result = await answer;
        EndSpans(spans, result.ErrorCode == 0 ? null : result.ErrorMessage ?? ((ErrorCode)result.ErrorCode).ToString());
        return result;
    }

    private static void EndSpans(List<Activity>? spans, string? error)
    {
        if (spans is null) return;
        foreach (var span in spans)
        {
            if (error is not null) span.SetStatus(ActivityStatusCode.Error, error);
            MessageTracing.Stop(span);
        }
    }

    /// <summary>
    /// Consecutive pieces of <paramref name="messages"/> of at most <paramref name="maxBytes"/> each (at least one
    /// message): a record batch larger than a remoting frame is appended as several, in order.
    /// </summary>
    internal static IEnumerable<(int First, int Count)> Pieces(IReadOnlyList<TopicMessage> messages, int maxBytes)
    {
        var first = 0;
        long bytes = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var size = messages[i].Size;
            if (i > first && bytes + size > maxBytes)
            {
                yield return (first, i - first);
                first = i;
                bytes = 0;
            }

            bytes += size;
        }

        if (messages.Count > first) yield return (first, messages.Count - first);
    }

    private static async Task<ProduceResponse.Partition> Collect(int index, List<Task<object>> replies)
    {
        long baseOffset = -1;
        for (var i = 0; i < replies.Count; i++)
        {
            object reply;
            try
            {
                reply = await replies[i];
            }
            catch (PartitionLostException ex)
            {
                // Retriable: the client refreshes metadata and resends to the partition's next host.
                return Failed(index, ErrorCode.NotLeaderOrFollower, ex.Message);
            }
            catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException or OperationCanceledException)
            {
                // Retriable: an idempotent producer resends and the partition answers the resend with the original offset.
                return Failed(index, ErrorCode.RequestTimedOut, "the partition did not confirm the write in time");
            }

            switch (reply)
            {
                case BatchAppended appended when i == 0:
                    baseOffset = appended.BaseOffset;
                    break;
                case BatchAppended:
                    break;
                case PublishRejected rejected:
                    return Failed(index, Code(rejected), rejected.Reason);
                default:
                    return Failed(index, ErrorCode.UnknownServerError, $"unexpected reply {reply.GetType().Name}");
            }
        }

        // -1: a resend older than the partition remembers, which Kafka producers take as written.
        return baseOffset < 0
            ? Failed(index, ErrorCode.DuplicateSequenceNumber, "a resend of a batch written before")
            : new ProduceResponse.Partition { Index = index, BaseOffset = baseOffset };
    }

    private static ErrorCode Code(PublishRejected rejected) => rejected.Error switch
    {
        PublishError.MessageTooLarge => ErrorCode.MessageTooLarge,
        PublishError.OutOfOrderSequence => ErrorCode.OutOfOrderSequenceNumber,
        PublishError.ProducerFenced => ErrorCode.InvalidProducerEpoch,
        PublishError.UnknownPartition => ErrorCode.UnknownTopicOrPartition,
        // Not retriable and "the request does not satisfy the configured policy": the topic's overflow policy refused it.
        // RECORD_LIST_TOO_LARGE would tell a producer to split its batch, which frees no room.
        PublishError.PartitionFull => ErrorCode.PolicyViolation,
        _ when rejected.Reason.StartsWith("journal", StringComparison.Ordinal) => ErrorCode.KafkaStorageError,
        _ => ErrorCode.UnknownTopicOrPartition,
    };

    private static ProduceResponse.Partition Failed(int index, ErrorCode code, string message) =>
        new() { Index = index, ErrorCode = (short)code, ErrorMessage = message };

    private static ProduceResponse Answer(ProduceRequest request, Func<ProduceRequest.Topic, ProduceRequest.Partition, ProduceResponse.Partition> answer) => new()
    {
        Responses = request.TopicData.Select(t => new ProduceResponse.Topic { Name = t.Name, PartitionResponses = t.PartitionData.Select(p => answer(t, p)).ToList() }).ToList(),
    };
}
