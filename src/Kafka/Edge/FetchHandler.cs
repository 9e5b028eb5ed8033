using Actors.Kafka.Server;
using Actors.Partitions;
using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// Fetch: reads each asked partition from the offset given (<see cref="ReadPartition"/>, through the shard region,
/// so any node serves any partition) and returns what was read as one record batch v2 per partition, with the log
/// start offset and the high watermark. Long-poll: when the first reads together bring less than <c>min.bytes</c>,
/// every partition is asked again to wait for an append up to the rest of <c>max.wait.ms</c>; the first that has
/// something answers the request (the others report nothing new this time; the client asks again from the same
/// offsets). Byte limits: each partition's own (<c>max.partition.fetch.bytes</c>) in the partition, the response's
/// (<c>fetch.max.bytes</c>) here, always letting through the first partition's first message whatever its size, as
/// Kafka does, so a consumer is never stuck behind a large message. An offset below the log start or beyond the end
/// is OFFSET_OUT_OF_RANGE; a partition that does not answer in time is NOT_LEADER_OR_FOLLOWER, which makes clients
/// refresh metadata and retry (a partition moving after its node died); so is one whose node is lost meanwhile, at once.
/// </summary>
public sealed class FetchHandler(Broker broker, EdgeTopics topics, EdgeView view, KafkaEdgeSettings settings) : IKafkaHandler<FetchRequest, FetchResponse>
{
    /// <summary>How much longer than the client's max wait a parked read may take to answer before it counts as lost.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    public async ValueTask<FetchResponse> HandleAsync(KafkaRequestContext context, FetchRequest request, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var specs = await topics.FindAllAsync(request.Topics.Select(t => t.Name), create: false, cancellationToken);
        var asked = request.Topics.SelectMany(t => t.Partitions.Select(p => new Asked(t.Name, p, specs[t.Name]))).ToList();
        var reads = asked.Select(a => ReadAsync(a, request, TimeSpan.Zero, cancellationToken)).ToList();
        var results = await Task.WhenAll(reads);

        var maxWait = TimeSpan.FromMilliseconds(Math.Max(0, request.MaxWaitMs)) - clock.Elapsed;
        if (maxWait > TimeSpan.Zero && results.All(r => r.Error == ErrorCode.None) && results.Sum(r => r.Bytes) < Math.Max(1, request.MinBytes))
        {
            var waiting = asked.Select(a => ReadAsync(a, request, maxWait, cancellationToken)).ToList();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(maxWait + Margin);
            var pending = waiting.ToList();
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending.Append(Task.Delay(Timeout.Infinite, deadline.Token)));
                if (done is not Task<PartitionResult> result) break;
                pending.Remove(result);
                var index = waiting.IndexOf(result);
                results[index] = result.Result;
                if (result.Result.Bytes > 0) break;
            }
        }

        return Answer(request, asked, results);
    }

    private async Task<PartitionResult> ReadAsync(Asked asked, FetchRequest request, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (asked.Spec is null || asked.Partition.PartitionIndex < 0 || asked.Partition.PartitionIndex >= asked.Spec.Partitions)
            return new PartitionResult(ErrorCode.UnknownTopicOrPartition, null);
        var maxBytes = Math.Max(1, Math.Min(Math.Min(asked.Partition.PartitionMaxBytes, request.MaxBytes), settings.MaxForwardBytes));
        var read = new ReadPartition(asked.Spec.Name, asked.Partition.PartitionIndex, asked.Partition.FetchOffset, maxBytes,
            wait > TimeSpan.Zero ? 1 : 0, wait);
        try
        {
            var reply = await view.AskPartitionAsync<PartitionRead>(broker, asked.Spec.Name, asked.Partition.PartitionIndex, read,
                wait > TimeSpan.Zero ? wait + Margin : settings.RequestTimeout, cancellationToken);
            return new PartitionResult(reply.OutOfRange ? ErrorCode.OffsetOutOfRange : ErrorCode.None, reply);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException or PartitionLostException)
        {
            return new PartitionResult(ErrorCode.NotLeaderOrFollower, null);
        }
    }

    private static FetchResponse Answer(FetchRequest request, List<Asked> asked, PartitionResult[] results)
    {
        var budget = (long)Math.Max(1, request.MaxBytes);
        var first = true;
        var partitions = new List<(string Topic, FetchResponse.Partition Partition)>();
        for (var i = 0; i < asked.Count; i++)
        {
            var result = results[i];
            var partition = new FetchResponse.Partition
            {
                PartitionIndex = asked[i].Partition.PartitionIndex,
                ErrorCode = (short)result.Error,
                HighWatermark = result.Read?.EndOffset ?? -1,
                LastStableOffset = result.Read?.EndOffset ?? -1,
                LogStartOffset = result.Read?.StartOffset ?? -1,
                AbortedTransactions = [],
            };
            if (result.Error == ErrorCode.None && result.Read is { Messages.Count: > 0 } read)
            {
                var fits = new List<StoredMessage>();
                foreach (var message in read.Messages)
                {
                    if (!first && message.Message.Size > budget) break;
                    fits.Add(message);
                    budget -= message.Message.Size;
                    first = false;
                }

                if (fits.Count > 0) partition.Records = RecordConversion.ToBatch(fits);
            }

            partition.Records ??= ReadOnlyMemory<byte>.Empty;
            partitions.Add((asked[i].Topic, partition));
        }

        return new FetchResponse
        {
            Responses = partitions.GroupBy(p => p.Topic, StringComparer.Ordinal)
                .Select(g => new FetchResponse.Topic { Name = g.Key, Partitions = g.Select(p => p.Partition).ToList() })
                .ToList(),
        };
    }

    private sealed record Asked(string Topic, FetchRequest.Partition Partition, TopicSpec? Spec);

    private sealed record PartitionResult(ErrorCode Error, PartitionRead? Read)
    {
        public long Bytes => Read?.Messages.Sum(m => (long)m.Message.Size) ?? 0;
    }
}
