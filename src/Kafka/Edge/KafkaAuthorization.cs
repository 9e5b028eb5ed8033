using Actors.Kafka.Server;
using Actors.Security;
using Akka.Event;

namespace Actors.Kafka.Edge;

/// <summary>
/// The ACL check in front of every Kafka API of the edge, when <c>actors.security.authentication</c> is on (with it
/// off every call goes straight through). Each API asks <see cref="Security"/> about the connection's principal:
/// Produce needs produce on each topic, Fetch and ListOffsets consume (a denied topic is answered
/// TOPIC_AUTHORIZATION_FAILED per partition and the rest of the request is served); Metadata lists only the topics
/// the principal sees and creates a missing topic only for one with admin on it; the group APIs need consume on the
/// group (GROUP_AUTHORIZATION_FAILED), OffsetCommit also consume on each topic; ListGroups lists only groups seen;
/// CreateTopics, DeleteTopics and DescribeConfigs of a topic need admin on it, DescribeConfigs of a broker admin on
/// the cluster. InitProducerId for idempotence is allowed to every authenticated principal (transactions are refused
/// as before). Every denial is one log line naming the principal (written by <see cref="Security.Security.Deny"/>); nothing
/// of a denied part of a request happens.
/// </summary>
public sealed class KafkaAuthorization(Security.Security security, ILoggingAdapter log)
{
    private const string Door = "Kafka edge";
    private const sbyte TopicResource = 2;
    private const sbyte BrokerResource = 4;

    /// <summary>Puts the checks in front of the handlers registered on <paramref name="apis"/>.</summary>
    public KafkaApis AddTo(KafkaApis apis) => apis
        .Around<ProduceRequest, ProduceResponse>(ProduceAsync)
        .Around<FetchRequest, FetchResponse>(FetchAsync)
        .Around<ListOffsetsRequest, ListOffsetsResponse>(ListOffsetsAsync)
        .Around<MetadataRequest, MetadataResponse>(MetadataAsync)
        .Around<FindCoordinatorRequest, FindCoordinatorResponse>((c, r, next, _) =>
            r.KeyType == 0 && DeniedGroup(c, r.Key) ? Answer(new FindCoordinatorResponse { ErrorCode = GroupDenied, ErrorMessage = "not authorized on this group" }) : Next(next, r))
        .Around<JoinGroupRequest, JoinGroupResponse>((c, r, next, _) => DeniedGroup(c, r.GroupId) ? Answer(new JoinGroupResponse { ErrorCode = GroupDenied, MemberId = r.MemberId }) : Next(next, r))
        .Around<SyncGroupRequest, SyncGroupResponse>((c, r, next, _) => DeniedGroup(c, r.GroupId) ? Answer(new SyncGroupResponse { ErrorCode = GroupDenied }) : Next(next, r))
        .Around<HeartbeatRequest, HeartbeatResponse>((c, r, next, _) => DeniedGroup(c, r.GroupId) ? Answer(new HeartbeatResponse { ErrorCode = GroupDenied }) : Next(next, r))
        .Around<LeaveGroupRequest, LeaveGroupResponse>((c, r, next, _) => DeniedGroup(c, r.GroupId) ? Answer(new LeaveGroupResponse { ErrorCode = GroupDenied }) : Next(next, r))
        .Around<OffsetFetchRequest, OffsetFetchResponse>((c, r, next, _) => DeniedGroup(c, r.GroupId) ? Answer(new OffsetFetchResponse { ErrorCode = GroupDenied }) : Next(next, r))
        .Around<OffsetCommitRequest, OffsetCommitResponse>(OffsetCommitAsync)
        .Around<DescribeGroupsRequest, DescribeGroupsResponse>(DescribeGroupsAsync)
        .Around<ListGroupsRequest, ListGroupsResponse>(async (c, r, next, _) =>
        {
            var response = await next(r);
            if (security.Enabled) response.Groups = response.Groups.Where(g => security.Sees(c.Principal, AclResource.Group, g.GroupId)).ToList();
            return response;
        })
        .Around<CreateTopicsRequest, CreateTopicsResponse>(CreateTopicsAsync)
        .Around<DeleteTopicsRequest, DeleteTopicsResponse>(DeleteTopicsAsync)
        .Around<DescribeConfigsRequest, DescribeConfigsResponse>(DescribeConfigsAsync);

    private static short TopicDenied => (short)ErrorCode.TopicAuthorizationFailed;

    private static short GroupDenied => (short)ErrorCode.GroupAuthorizationFailed;

    private static ValueTask<T> Answer<T>(T response) => ValueTask.FromResult(response);

    private static async ValueTask<T> Next<TRequest, T>(Func<TRequest, Task<T>> next, TRequest request) => await next(request);

    private bool Denied(KafkaRequestContext context, AclPermission permission, AclResource resource, string name) =>
        security.Enabled && security.Deny(context.Principal, permission, resource, name, Door) is not null;

    private bool DeniedGroup(KafkaRequestContext context, string group) => Denied(context, AclPermission.Consume, AclResource.Group, group);

    /// <summary>
    /// A request of many items (topics, groups, resources) of which some may be denied: the allowed ones are served as
    /// usual (the handler is skipped when none is left), and each denied one gets its refusal in the response.
    /// </summary>
    private static async ValueTask<TResponse> ServeAllowed<TRequest, TResponse, TItem, TAnswer>(TRequest request, Func<TRequest, Task<TResponse>> next,
        List<TItem> items, Action<TRequest, List<TItem>> keep, Func<TItem, bool> denied, Func<TResponse, List<TAnswer>> answers, Func<TItem, TAnswer> refusal)
        where TResponse : new()
    {
        var refused = items.Where(denied).ToList();
        if (refused.Count == 0) return await next(request);
        var allowed = items.Except(refused).ToList();
        keep(request, allowed);
        var response = allowed.Count > 0 ? await next(request) : new TResponse();
        answers(response).AddRange(refused.Select(refusal));
        return response;
    }

    private ValueTask<ProduceResponse> ProduceAsync(KafkaRequestContext c, ProduceRequest r, Func<ProduceRequest, Task<ProduceResponse>> next, CancellationToken ct) =>
        ServeAllowed(r, next, r.TopicData, (q, kept) => q.TopicData = kept, t => Denied(c, AclPermission.Produce, AclResource.Topic, t.Name),
            s => s.Responses, t => new ProduceResponse.Topic
            {
                Name = t.Name,
                PartitionResponses = t.PartitionData.Select(p => new ProduceResponse.Partition { Index = p.Index, ErrorCode = TopicDenied, ErrorMessage = "not authorized to produce" }).ToList(),
            });

    private ValueTask<FetchResponse> FetchAsync(KafkaRequestContext c, FetchRequest r, Func<FetchRequest, Task<FetchResponse>> next, CancellationToken ct) =>
        ServeAllowed(r, next, r.Topics, (q, kept) => q.Topics = kept, t => Denied(c, AclPermission.Consume, AclResource.Topic, t.Name),
            s => s.Responses, t => new FetchResponse.Topic
            {
                Name = t.Name,
                Partitions = t.Partitions.Select(p => new FetchResponse.Partition { PartitionIndex = p.PartitionIndex, ErrorCode = TopicDenied, HighWatermark = -1 }).ToList(),
            });

    private ValueTask<ListOffsetsResponse> ListOffsetsAsync(KafkaRequestContext c, ListOffsetsRequest r, Func<ListOffsetsRequest, Task<ListOffsetsResponse>> next, CancellationToken ct) =>
        ServeAllowed(r, next, r.Topics, (q, kept) => q.Topics = kept, t => Denied(c, AclPermission.Consume, AclResource.Topic, t.Name),
            s => s.Topics, t => new ListOffsetsResponse.Topic
            {
                Name = t.Name,
                Partitions = t.Partitions.Select(p => new ListOffsetsResponse.Partition { PartitionIndex = p.PartitionIndex, ErrorCode = TopicDenied }).ToList(),
            });

    private async ValueTask<MetadataResponse> MetadataAsync(KafkaRequestContext c, MetadataRequest r, Func<MetadataRequest, Task<MetadataResponse>> next, CancellationToken ct)
    {
        if (!security.Enabled) return await next(r);
        var all = r.AllTopics(c.ApiVersion);
        var unseen = new List<string>();
        if (!all)
        {
            unseen = r.Topics!.Select(t => t.Name).Distinct(StringComparer.Ordinal).Where(n => !security.Sees(c.Principal, AclResource.Topic, n)).ToList();
            foreach (var name in unseen) log.Warning("denied on the {0}: not authorized: user '{1}' may not see topic '{2}'", Door, c.Principal, name);
            r.Topics = r.Topics!.Where(t => !unseen.Contains(t.Name)).ToList();
            // KEY PATTERN: a topic is created through Metadata only for a principal with admin on it (Kafka asks CREATE).
            if (r.Topics.Any(t => !security.Allows(c.Principal, AclPermission.Admin, AclResource.Topic, t.Name))) r.AllowAutoTopicCreation = false;
        }

        var response = all || r.Topics!.Count > 0 ? await next(r) : new MetadataResponse { Topics = [] };
        if (all) response.Topics = response.Topics.Where(t => security.Sees(c.Principal, AclResource.Topic, t.Name)).ToList();
        response.Topics.AddRange(unseen.Select(n => new MetadataResponse.Topic { Name = n, ErrorCode = TopicDenied }));
        return response;
    }

    private ValueTask<OffsetCommitResponse> OffsetCommitAsync(KafkaRequestContext c, OffsetCommitRequest r, Func<OffsetCommitRequest, Task<OffsetCommitResponse>> next, CancellationToken ct) =>
        DeniedGroup(c, r.GroupId)
            ? Answer(new OffsetCommitResponse { Topics = r.Topics.Select(t => Commit(t, GroupDenied)).ToList() })
            : ServeAllowed(r, next, r.Topics, (q, kept) => q.Topics = kept, t => Denied(c, AclPermission.Consume, AclResource.Topic, t.Name),
                s => s.Topics, t => Commit(t, TopicDenied));

    private static OffsetCommitResponse.Topic Commit(OffsetCommitRequest.Topic topic, short error) => new()
    {
        Name = topic.Name,
        Partitions = topic.Partitions.Select(p => new OffsetCommitResponse.Partition { PartitionIndex = p.PartitionIndex, ErrorCode = error }).ToList(),
    };

    private ValueTask<DescribeGroupsResponse> DescribeGroupsAsync(KafkaRequestContext c, DescribeGroupsRequest r, Func<DescribeGroupsRequest, Task<DescribeGroupsResponse>> next, CancellationToken ct) =>
        ServeAllowed(r, next, r.Groups, (q, kept) => q.Groups = kept, g => DeniedGroup(c, g),
            s => s.Groups, g => new DescribeGroupsResponse.Group { GroupId = g, ErrorCode = GroupDenied });

    private ValueTask<CreateTopicsResponse> CreateTopicsAsync(KafkaRequestContext c, CreateTopicsRequest r, Func<CreateTopicsRequest, Task<CreateTopicsResponse>> next, CancellationToken ct) =>
        ServeAllowed(r, next, r.Topics, (q, kept) => q.Topics = kept, t => Denied(c, AclPermission.Admin, AclResource.Topic, t.Name),
            s => s.Topics, t => new CreateTopicsResponse.Topic { Name = t.Name, ErrorCode = TopicDenied, ErrorMessage = "not authorized to create this topic" });

    private ValueTask<DeleteTopicsResponse> DeleteTopicsAsync(KafkaRequestContext c, DeleteTopicsRequest r, Func<DeleteTopicsRequest, Task<DeleteTopicsResponse>> next, CancellationToken ct) =>
        ServeAllowed(r, next, r.TopicNames, (q, kept) => q.TopicNames = kept, t => Denied(c, AclPermission.Admin, AclResource.Topic, t),
            s => s.Responses, t => new DeleteTopicsResponse.Result { Name = t, ErrorCode = TopicDenied, ErrorMessage = "not authorized to delete this topic" });

    private ValueTask<DescribeConfigsResponse> DescribeConfigsAsync(KafkaRequestContext c, DescribeConfigsRequest r, Func<DescribeConfigsRequest, Task<DescribeConfigsResponse>> next, CancellationToken ct) =>
        ServeAllowed(r, next, r.Resources, (q, kept) => q.Resources = kept,
            x => x.ResourceType switch
            {
                TopicResource => Denied(c, AclPermission.Admin, AclResource.Topic, x.ResourceName),
                BrokerResource => Denied(c, AclPermission.Admin, AclResource.Cluster, "*"),
                _ => false,
            },
            s => s.Results, x => new DescribeConfigsResponse.Result
            {
                ResourceType = x.ResourceType,
                ResourceName = x.ResourceName,
                ErrorCode = x.ResourceType == TopicResource ? TopicDenied : (short)ErrorCode.ClusterAuthorizationFailed,
                ErrorMessage = "not authorized to describe its configuration",
            });
}
