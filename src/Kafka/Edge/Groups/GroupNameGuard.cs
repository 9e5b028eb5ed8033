using System.Collections.Concurrent;
using Actors.Consumers;
using Actors.Topics;
using Akka.Actor;
using Akka.Event;

namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// Keeps Kafka groups off the names of native groups: before a group's first JoinGroup or OffsetCommit on this
/// node, it claims the name for Kafka groups at the core's topic registry (the cluster singleton where native
/// groups claim theirs as their first member joins). A name held by native groups is refused with
/// INVALID_GROUP_ID, which clients treat as fatal, and the node logs one line why. The registry's answer never
/// changes, so each node asks once per name.
/// </summary>
public sealed class GroupNameGuard(IActorRef topicRegistry, TimeSpan timeout, ILoggingAdapter log)
{
    private readonly ConcurrentDictionary<string, string?> _refusals = new(StringComparer.Ordinal);

    /// <summary>
    /// NONE when <paramref name="groupId"/> may be a Kafka group; INVALID_GROUP_ID when native groups hold it;
    /// COORDINATOR_NOT_AVAILABLE when the registry did not answer in time (the client retries).
    /// </summary>
    public async ValueTask<ErrorCode> CheckAsync(string groupId, string api, string? clientId, CancellationToken cancellationToken)
    {
        // A name native groups cannot have (Kafka allows any string) is free for Kafka.
        if (!TopicName.IsValid(groupId)) return ErrorCode.None;
        if (!_refusals.TryGetValue(groupId, out var refusal))
        {
            try
            {
                var owner = await topicRegistry.Ask<GroupNameOwner>(new ClaimGroupName(new GroupName(groupId), GroupKinds.Kafka), timeout, cancellationToken);
                refusal = owner.RefusalFor(GroupKinds.Kafka);
                _refusals[groupId] = refusal;
            }
            catch (Exception ex) when (ex is AskTimeoutException or OperationCanceledException)
            {
                return ErrorCode.CoordinatorNotAvailable;
            }
        }

        if (refusal is null) return ErrorCode.None;
        log.Warning("kafka {0} from client '{1}' refused (INVALID_GROUP_ID): {2}", api, clientId ?? "", refusal);
        return ErrorCode.InvalidGroupId;
    }
}
