using Actors.Kafka.Server;

namespace Actors.Kafka.Edge.Groups;

/// <summary>The offset and listing handlers (<see cref="KafkaGroupApis"/>): OffsetCommit, OffsetFetch, ListGroups, DescribeGroups.</summary>
internal sealed partial class KafkaGroupHandlers
{
    /// <summary>OFFSET_METADATA_TOO_LARGE: a commit metadata string over <c>max-metadata-size</c>.</summary>
    private const short OffsetMetadataTooLarge = 12;

    public async ValueTask<OffsetCommitResponse> CommitAsync(KafkaRequestContext context, OffsetCommitRequest request, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var offsets = request.Topics.SelectMany(t => t.Partitions
                .Where(p => (p.CommittedMetadata?.Length ?? 0) <= settings.MaxMetadataSize)
                .Select(p => new CommittedOffset(t.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedMetadata ?? "", now)))
            .ToList();
        short error;
        if (request.GroupId.Length == 0)
        {
            error = (short)ErrorCode.InvalidGroupId;
        }
        else if (await CheckNameAsync(request.GroupId, "OffsetCommit", context, cancellationToken) is var refused and not ErrorCode.None)
        {
            error = (short)refused;
        }
        else
        {
            var answer = await AskAsync<KafkaGroupAnswer>(groups, new CommitKafkaOffsets(request.GroupId, request.GenerationId, request.MemberId, offsets),
                settings.AskTimeout, cancellationToken);
            error = answer?.ErrorCode ?? (short)ErrorCode.CoordinatorNotAvailable;
        }

        return new OffsetCommitResponse
        {
            Topics = request.Topics.Select(t => new OffsetCommitResponse.Topic
            {
                Name = t.Name,
                Partitions = t.Partitions.Select(p => new OffsetCommitResponse.Partition
                {
                    PartitionIndex = p.PartitionIndex,
                    ErrorCode = (p.CommittedMetadata?.Length ?? 0) > settings.MaxMetadataSize ? OffsetMetadataTooLarge : error,
                }).ToList(),
            }).ToList(),
        };
    }

    public async ValueTask<OffsetFetchResponse> FetchAsync(KafkaRequestContext context, OffsetFetchRequest request, CancellationToken cancellationToken)
    {
        var asked = request.Topics?.SelectMany(t => t.PartitionIndexes.Select(p => new KafkaTopicPartition(t.Name, p))).ToList();
        var found = request.GroupId.Length == 0
            ? null
            : await AskAsync<KafkaOffsets>(groups, new FetchKafkaOffsets(request.GroupId, asked), settings.AskTimeout, cancellationToken);
        var error = request.GroupId.Length == 0 ? ErrorCode.InvalidGroupId : found is null ? ErrorCode.CoordinatorNotAvailable : ErrorCode.None;
        var committed = (found?.Offsets ?? []).ToDictionary(o => (o.Topic, o.Partition));

        // Topics null (v2+): every partition the group has committed; else each partition asked for, -1 when never committed.
        var topics = request.Topics is null
            ? committed.Values.GroupBy(o => o.Topic).Select(g => (g.Key, g.Select(o => o.Partition).Order().ToList())).ToList()
            : request.Topics.Select(t => (t.Name, t.PartitionIndexes)).ToList();
        return new OffsetFetchResponse
        {
            // v0-1 carry errors per partition only; v2+ also at the top, which clients read first.
            ErrorCode = (short)error,
            Topics = topics.Select(t => new OffsetFetchResponse.Topic
            {
                Name = t.Item1,
                Partitions = t.Item2.Select(p => committed.TryGetValue((t.Item1, p), out var o)
                    ? new OffsetFetchResponse.Partition { PartitionIndex = p, CommittedOffset = o.Offset, Metadata = o.Metadata }
                    : new OffsetFetchResponse.Partition { PartitionIndex = p, CommittedOffset = -1, Metadata = "", ErrorCode = (short)error }).ToList(),
            }).ToList(),
        };
    }

    public async ValueTask<ListGroupsResponse> ListAsync(KafkaRequestContext context, ListGroupsRequest request, CancellationToken cancellationToken)
    {
        var names = await AskAsync<KafkaGroupNames>(registry, ListKafkaGroups.Instance, settings.AskTimeout, cancellationToken);
        if (names is null) return new ListGroupsResponse { ErrorCode = (short)ErrorCode.CoordinatorNotAvailable };
        var described = await Task.WhenAll(names.GroupIds.Select(id =>
            AskAsync<KafkaGroupDescription>(groups, new DescribeKafkaGroup(id), settings.AskTimeout, cancellationToken)));
        var states = request.StatesFilter.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new ListGroupsResponse
        {
            Groups = described.OfType<KafkaGroupDescription>()
                .Where(g => g.State != nameof(GroupPhase.Dead) && (states.Count == 0 || states.Contains(g.State)))
                .Select(g => new ListGroupsResponse.Group { GroupId = g.GroupId, ProtocolType = g.ProtocolType, GroupState = g.State })
                .ToList(),
        };
    }

    public async ValueTask<DescribeGroupsResponse> DescribeAsync(KafkaRequestContext context, DescribeGroupsRequest request, CancellationToken cancellationToken)
    {
        var described = await Task.WhenAll(request.Groups.Select(async id =>
        {
            if (id.Length == 0) return new DescribeGroupsResponse.Group { ErrorCode = (short)ErrorCode.InvalidGroupId, GroupId = id };
            var group = await AskAsync<KafkaGroupDescription>(groups, new DescribeKafkaGroup(id), settings.AskTimeout, cancellationToken);
            if (group is null) return new DescribeGroupsResponse.Group { ErrorCode = (short)ErrorCode.CoordinatorNotAvailable, GroupId = id };
            return new DescribeGroupsResponse.Group
            {
                GroupId = group.GroupId,
                GroupState = group.State,
                ProtocolType = group.ProtocolType,
                ProtocolData = group.Protocol,
                Members = group.Members.Select(m => new DescribeGroupsResponse.Member
                {
                    MemberId = m.MemberId,
                    GroupInstanceId = m.GroupInstanceId,
                    ClientId = m.ClientId,
                    ClientHost = m.ClientHost,
                    MemberMetadata = m.Metadata,
                    MemberAssignment = m.Assignment,
                }).ToList(),
            };
        }));
        return new DescribeGroupsResponse { Groups = described.ToList() };
    }
}
