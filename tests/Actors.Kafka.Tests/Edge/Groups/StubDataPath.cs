using Actors.Kafka.Server;

namespace Actors.Kafka.Tests.Edge.Groups;

/// <summary>
/// Just enough of the data path for a real consumer to run its group protocol against a listener that serves
/// groups: Metadata (the listener as the one broker, topic <c>orders</c> with two partitions), FindCoordinator
/// (the listener itself), ListOffsets (every partition starts and ends at 0), and Fetch (an empty answer after the
/// client's max wait, capped at a second). The real handlers come with the data path; these only keep a client busy.
/// </summary>
public static class StubDataPath
{
    public static void AddTo(KafkaApis apis, Func<int> port)
    {
        apis.Add(new MetadataHandler(() => new ClusterView("spec", 1, [new(1, "127.0.0.1", port())], [new("orders", [1, 1])])));
        apis.Add<FindCoordinatorRequest, FindCoordinatorResponse>((_, _, _) =>
            ValueTask.FromResult(new FindCoordinatorResponse { NodeId = 1, Host = "127.0.0.1", Port = port() }));
        apis.Add<ListOffsetsRequest, ListOffsetsResponse>((_, request, _) => ValueTask.FromResult(new ListOffsetsResponse
        {
            Topics = request.Topics.Select(t => new ListOffsetsResponse.Topic
            {
                Name = t.Name,
                Partitions = t.Partitions.Select(p => new ListOffsetsResponse.Partition { PartitionIndex = p.PartitionIndex, Offset = 0, OldStyleOffsets = [0] }).ToList(),
            }).ToList(),
        }));
        apis.Add<FetchRequest, FetchResponse>(async (_, request, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(request.MaxWaitMs, 0, 1000)), cancellationToken);
            return new FetchResponse
            {
                SessionId = 0,
                Responses = request.Topics.Select(t => new FetchResponse.Topic
                {
                    Name = t.Name,
                    Partitions = t.Partitions.Select(p => new FetchResponse.Partition
                    {
                        PartitionIndex = p.PartitionIndex, HighWatermark = 0, LastStableOffset = 0, LogStartOffset = 0, Records = ReadOnlyMemory<byte>.Empty,
                    }).ToList(),
                }).ToList(),
            };
        });
    }
}
