using System.Net;
using Actors.Kafka.Server;
using Akka.Actor;

namespace Actors.Kafka.Edge.Groups;

/// <summary>The membership handlers (<see cref="KafkaGroupApis"/>): JoinGroup, SyncGroup, Heartbeat, LeaveGroup.</summary>
internal sealed partial class KafkaGroupHandlers(IActorRef groups, IActorRef registry, KafkaGroupsSettings settings, GroupNameGuard? names)
{
    public async ValueTask<JoinGroupResponse> JoinAsync(KafkaRequestContext context, JoinGroupRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId.Length == 0) return new JoinGroupResponse { ErrorCode = (short)ErrorCode.InvalidGroupId, MemberId = request.MemberId };
        if (await CheckNameAsync(request.GroupId, "JoinGroup", context, cancellationToken) is var refused and not ErrorCode.None)
            return new JoinGroupResponse { ErrorCode = (short)refused, MemberId = request.MemberId };
        // JoinGroup v0 has no rebalance timeout: the session timeout serves for both, as in Kafka.
        var rebalanceTimeoutMs = context.ApiVersion == 0 || request.RebalanceTimeoutMs <= 0 ? request.SessionTimeoutMs : request.RebalanceTimeoutMs;
        var join = new JoinKafkaGroup(request.GroupId, request.MemberId, request.GroupInstanceId, context.ClientId ?? "", ClientHost(context),
            request.SessionTimeoutMs, rebalanceTimeoutMs, request.ProtocolType,
            request.Protocols.Select(p => new GroupProtocol(p.Name, p.Metadata.ToArray())).ToList(), RequireKnownMemberId: context.ApiVersion >= 4);
        // The answer is held until the rebalance completes: the group bounds that by its members' longest rebalance
        // timeout, and by the session of a member told MEMBER_ID_REQUIRED that has not come back. A client that
        // gives up first closes its connection, which cancels the wait.
        var wait = TimeSpan.FromMilliseconds(Math.Max(rebalanceTimeoutMs, 0)) + settings.MaxSessionTimeout + settings.AskTimeout;
        var joined = await AskAsync<KafkaGroupJoined>(groups, join, wait, cancellationToken)
            ?? KafkaGroupJoined.Error(ErrorCode.CoordinatorNotAvailable, request.MemberId);
        return new JoinGroupResponse
        {
            ErrorCode = joined.ErrorCode,
            GenerationId = joined.GenerationId,
            ProtocolType = joined.ProtocolType,
            ProtocolName = joined.ProtocolName,
            Leader = joined.Leader,
            MemberId = joined.MemberId,
            Members = joined.Members.Select(m => new JoinGroupResponse.Member { MemberId = m.MemberId, GroupInstanceId = m.GroupInstanceId, Metadata = m.Metadata }).ToList(),
        };
    }

    public async ValueTask<SyncGroupResponse> SyncAsync(KafkaRequestContext context, SyncGroupRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId.Length == 0) return new SyncGroupResponse { ErrorCode = (short)ErrorCode.InvalidGroupId };
        var sync = new SyncKafkaGroup(request.GroupId, request.GenerationId, request.MemberId, request.ProtocolType, request.ProtocolName,
            request.Assignments.Select(a => new MemberAssignment(a.MemberId, a.Bytes.ToArray())).ToList());
        // A follower's answer waits for the leader's SyncGroup, or for the leader's session to run out (then a rebalance answers it).
        var synced = await AskAsync<KafkaGroupSynced>(groups, sync, settings.MaxSessionTimeout + settings.AskTimeout, cancellationToken)
            ?? KafkaGroupSynced.Error(ErrorCode.CoordinatorNotAvailable);
        return new SyncGroupResponse { ErrorCode = synced.ErrorCode, ProtocolType = synced.ProtocolType, ProtocolName = synced.ProtocolName, Assignment = synced.Assignment };
    }

    public async ValueTask<HeartbeatResponse> HeartbeatAsync(KafkaRequestContext context, HeartbeatRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId.Length == 0) return new HeartbeatResponse { ErrorCode = (short)ErrorCode.InvalidGroupId };
        var answer = await AskAsync<KafkaGroupAnswer>(groups, new KafkaHeartbeat(request.GroupId, request.GenerationId, request.MemberId), settings.AskTimeout, cancellationToken);
        return new HeartbeatResponse { ErrorCode = answer?.ErrorCode ?? (short)ErrorCode.CoordinatorNotAvailable };
    }

    public async ValueTask<LeaveGroupResponse> LeaveAsync(KafkaRequestContext context, LeaveGroupRequest request, CancellationToken cancellationToken)
    {
        var single = context.ApiVersion <= 2;
        if (request.GroupId.Length == 0) return new LeaveGroupResponse { ErrorCode = (short)ErrorCode.InvalidGroupId };
        var leaving = single ? [new LeavingMember(request.MemberId)] : request.Members.Select(m => new LeavingMember(m.MemberId, m.GroupInstanceId)).ToList();
        var left = await AskAsync<KafkaGroupLeft>(groups, new LeaveKafkaGroup(request.GroupId, leaving), settings.AskTimeout, cancellationToken);
        if (left is null) return new LeaveGroupResponse { ErrorCode = (short)ErrorCode.CoordinatorNotAvailable };
        // v0-2 name one member, whose result is the response's; v3+ answer per member under a top-level NONE.
        return single
            ? new LeaveGroupResponse { ErrorCode = left.Members[0].ErrorCode }
            : new LeaveGroupResponse
            {
                Members = left.Members.Zip(request.Members)
                    .Select(p => new LeaveGroupResponse.Member { MemberId = p.Item1.MemberId, GroupInstanceId = p.Item2.GroupInstanceId, ErrorCode = p.Item1.ErrorCode })
                    .ToList(),
            };
    }

    /// <summary>NONE when the group's name is free for Kafka (or no guard is set), else the error to answer.</summary>
    private ValueTask<ErrorCode> CheckNameAsync(string groupId, string api, KafkaRequestContext context, CancellationToken cancellationToken) =>
        names is null ? ValueTask.FromResult(ErrorCode.None) : names.CheckAsync(groupId, api, context.ClientId, cancellationToken);

    /// <summary>The client's address as Kafka shows it in DescribeGroups ("/127.0.0.1").</summary>
    private static string ClientHost(KafkaRequestContext context) =>
        context.RemoteEndPoint is IPEndPoint ip ? "/" + (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address) : "";

    /// <summary>The group's answer, or null when it did not come in time or the connection closed meanwhile.</summary>
    private static async Task<T?> AskAsync<T>(IActorRef region, object message, TimeSpan timeout, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await region.Ask<T>(message, timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is AskTimeoutException or OperationCanceledException)
        {
            return null;
        }
    }
}
