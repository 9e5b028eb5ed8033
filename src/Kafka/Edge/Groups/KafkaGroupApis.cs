using Actors.Kafka.Server;
using Akka.Actor;

namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// Registers the group APIs of the Kafka edge on a listener's <see cref="KafkaApis"/>: JoinGroup, SyncGroup,
/// Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, ListGroups and DescribeGroups, each translating the Kafka
/// request into the group protocol (<c>KafkaGroupProtocol.cs</c>), asking the group's entity through sharding, and
/// translating the answer at the request's version. A group that does not answer in time (its node died and the
/// shard is moving) is answered COORDINATOR_NOT_AVAILABLE, on which clients look the coordinator up again and retry.
/// </summary>
public static class KafkaGroupApis
{
    /// <summary>Registers the handlers over a node's started <see cref="KafkaGroups"/>.</summary>
    public static KafkaApis AddTo(KafkaApis apis, KafkaGroups groups) => AddTo(apis, groups.Groups, groups.Registry, groups.Settings, groups.Names);

    /// <summary>
    /// Registers the handlers over the shard regions of groups and of the group registry; with <paramref name="names"/>,
    /// JoinGroup and OffsetCommit first check that native groups do not hold the group's name.
    /// </summary>
    public static KafkaApis AddTo(KafkaApis apis, IActorRef groupRegion, IActorRef registryRegion, KafkaGroupsSettings settings, GroupNameGuard? names = null)
    {
        var handlers = new KafkaGroupHandlers(groupRegion, registryRegion, settings, names);
        return apis
            .Add<JoinGroupRequest, JoinGroupResponse>(handlers.JoinAsync)
            .Add<SyncGroupRequest, SyncGroupResponse>(handlers.SyncAsync)
            .Add<HeartbeatRequest, HeartbeatResponse>(handlers.HeartbeatAsync)
            .Add<LeaveGroupRequest, LeaveGroupResponse>(handlers.LeaveAsync)
            .Add<OffsetCommitRequest, OffsetCommitResponse>(handlers.CommitAsync)
            .Add<OffsetFetchRequest, OffsetFetchResponse>(handlers.FetchAsync)
            .Add<ListGroupsRequest, ListGroupsResponse>(handlers.ListAsync)
            .Add<DescribeGroupsRequest, DescribeGroupsResponse>(handlers.DescribeAsync);
    }
}
