namespace Actors.Kafka.Protocol;

/// <summary>
/// The request kinds this edge speaks, by their wire number (<c>apiKey</c> in Kafka's message schemas). A request
/// with any other number is answered <see cref="ErrorCode.UnsupportedVersion"/>; see <see cref="SupportedApis"/>
/// for the versions of each.
/// </summary>
public enum ApiKey : short
{
    Produce = 0,
    Fetch = 1,
    ListOffsets = 2,
    Metadata = 3,
    OffsetCommit = 8,
    OffsetFetch = 9,
    FindCoordinator = 10,
    JoinGroup = 11,
    Heartbeat = 12,
    LeaveGroup = 13,
    SyncGroup = 14,
    DescribeGroups = 15,
    ListGroups = 16,
    SaslHandshake = 17,
    ApiVersions = 18,
    CreateTopics = 19,
    DeleteTopics = 20,
    InitProducerId = 22,
    SaslAuthenticate = 36,
    DescribeConfigs = 32,
}
