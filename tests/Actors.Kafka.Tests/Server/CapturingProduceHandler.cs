using System.Collections.Concurrent;
using Actors.Kafka.Records;

namespace Actors.Kafka.Server;

/// <summary>
/// A fake broker's Produce and InitProducerId: decodes every batch (CRC checked, decompressed), keeps it, and
/// answers with offsets counted per partition, or with the batch's error code when it does not decode; producer
/// ids are handed out from 1000.
/// </summary>
public sealed class CapturingProduceHandler : IKafkaHandler<ProduceRequest, ProduceResponse>, IKafkaHandler<InitProducerIdRequest, InitProducerIdResponse>
{
    private readonly ConcurrentDictionary<(string, int), long> _next = new();
    private long _producerIds = 999;

    /// <summary>Every batch received, in arrival order, with its topic and partition.</summary>
    public ConcurrentQueue<(string Topic, int Partition, RecordBatch Batch)> Batches { get; } = new();

    /// <summary>The records received for one partition, in order.</summary>
    public IReadOnlyList<KafkaRecord> Records(string topic, int partition) =>
        Batches.Where(b => b.Topic == topic && b.Partition == partition).SelectMany(b => b.Batch.Records).ToList();

    public ValueTask<ProduceResponse> HandleAsync(KafkaRequestContext context, ProduceRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ProduceResponse
        {
            Responses = request.TopicData.Select(topic => new ProduceResponse.Topic
            {
                Name = topic.Name,
                PartitionResponses = topic.PartitionData.Select(p => Append(topic.Name, p)).ToList(),
            }).ToList(),
        });

    public ValueTask<InitProducerIdResponse> HandleAsync(KafkaRequestContext context, InitProducerIdRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new InitProducerIdResponse { ProducerId = Interlocked.Increment(ref _producerIds), ProducerEpoch = 0 });

    private ProduceResponse.Partition Append(string topic, ProduceRequest.Partition partition)
    {
        try
        {
            var batches = RecordBatchReader.ReadAll(partition.Records ?? ReadOnlyMemory<byte>.Empty);
            var count = batches.Sum(b => b.LastOffsetDelta + 1);
            var baseOffset = _next.AddOrUpdate((topic, partition.Index), count, (_, next) => next + count) - count;
            foreach (var batch in batches) Batches.Enqueue((topic, partition.Index, batch));
            return new ProduceResponse.Partition { Index = partition.Index, BaseOffset = baseOffset };
        }
        catch (RecordBatchException ex)
        {
            return new ProduceResponse.Partition { Index = partition.Index, ErrorCode = (short)ex.Error, ErrorMessage = ex.Message };
        }
    }
}
