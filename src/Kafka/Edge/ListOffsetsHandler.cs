using Actors.Kafka.Server;
using Actors.Partitions;
using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>
/// ListOffsets: per partition the earliest retained offset (-2), the next offset to be written (-1, latest), or
/// the first offset whose message was stored at or after a time (-1 and timestamp -1 when none is that recent),
/// asked of the partition wherever it lives (<see cref="GetPartitionOffsets"/>). By time means the broker's time,
/// which orders the log; a producer's CreateTime may differ from it.
/// </summary>
public sealed class ListOffsetsHandler(Broker broker, EdgeTopics topics, EdgeView view, KafkaEdgeSettings settings) : IKafkaHandler<ListOffsetsRequest, ListOffsetsResponse>
{
    public async ValueTask<ListOffsetsResponse> HandleAsync(KafkaRequestContext context, ListOffsetsRequest request, CancellationToken cancellationToken)
    {
        var specs = await topics.FindAllAsync(request.Topics.Select(t => t.Name), create: false, cancellationToken);
        var answers = request.Topics.Select(t => (t.Name, Partitions: t.Partitions.Select(p => AnswerAsync(specs[t.Name], p, context.ApiVersion, cancellationToken)).ToList())).ToList();
        await Task.WhenAll(answers.SelectMany(a => a.Partitions));
        return new ListOffsetsResponse
        {
            Topics = answers.Select(a => new ListOffsetsResponse.Topic { Name = a.Name, Partitions = a.Partitions.Select(p => p.Result).ToList() }).ToList(),
        };
    }

    private async Task<ListOffsetsResponse.Partition> AnswerAsync(TopicSpec? spec, ListOffsetsRequest.Partition asked, short version, CancellationToken cancellationToken)
    {
        var answer = new ListOffsetsResponse.Partition { PartitionIndex = asked.PartitionIndex };
        if (spec is null || asked.PartitionIndex < 0 || asked.PartitionIndex >= spec.Partitions)
        {
            answer.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
            return answer;
        }

        var byTime = asked.Timestamp >= 0;
        PartitionOffsets offsets;
        try
        {
            offsets = await view.AskPartitionAsync<PartitionOffsets>(broker, spec.Name, asked.PartitionIndex,
                new GetPartitionOffsets(spec.Name, asked.PartitionIndex, byTime ? asked.Timestamp : null), settings.RequestTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException or PartitionLostException)
        {
            answer.ErrorCode = (short)ErrorCode.NotLeaderOrFollower;
            return answer;
        }

        (answer.Offset, answer.Timestamp) = asked.Timestamp switch
        {
            ListOffsetsRequest.Earliest => (offsets.StartOffset, -1L),
            >= 0 => (offsets.OffsetAtTime, offsets.TimestampAtTime),
            _ => (offsets.EndOffset, -1L),
        };
        if (version == 0) answer.OldStyleOffsets = answer.Offset >= 0 ? [answer.Offset] : [];
        return answer;
    }
}
