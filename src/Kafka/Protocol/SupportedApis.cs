namespace Actors.Kafka.Protocol;

/// <summary>
/// Every API and version range this edge answers, which ApiVersions advertises. The ranges cover what kcat and
/// Confluent.Kafka (librdkafka 2.0-2.16), kafka-python 2.0.2 and kafkajs 2.2.4 send; clients take the highest
/// version both sides know. The limits are deliberate:
/// Fetch from v4, so every batch served is record batch v2 (magic 2) and no legacy message set (magic 0/1) is ever
/// written. Produce is listed from v0 although only v3+ carries record batches v2: librdkafka compresses with
/// gzip, snappy or lz4 only when the broker lists Produce v0 (its codec check asks for that version), and a
/// v0-2 request (magic 0/1, sent by none of the four clients here, which all take v7+) decodes but its batches are
/// refused per partition with UNSUPPORTED_FOR_MESSAGE_FORMAT by <see cref="Records.RecordBatchReader"/>.
/// Metadata up to v9, Fetch up to v12, CreateTopics up to v6 and DeleteTopics up to v5: the next versions carry
/// topic ids (KIP-516), which Actors topics do not have, so clients keep addressing topics by name.
/// OffsetCommit up to v8, OffsetFetch up to v7, FindCoordinator up to v3: later ones serve the KIP-848 consumer
/// protocol or batch several groups, which the classic group protocol here does not need. SaslHandshake and
/// SaslAuthenticate are advertised only by SASL listeners (see <see cref="Server.KafkaApis.Sasl"/>).
/// </summary>
public static class SupportedApis
{
    /// <summary>The ranges, in api-key order (as ApiVersions lists them).</summary>
    public static IReadOnlyList<ApiVersionRange> All { get; } =
    [
        new(ApiKey.Produce, 0, 9, 9),
        new(ApiKey.Fetch, 4, 12, 12),
        new(ApiKey.ListOffsets, 0, 6, 6),
        new(ApiKey.Metadata, 0, 9, 9),
        new(ApiKey.OffsetCommit, 0, 8, 8),
        new(ApiKey.OffsetFetch, 0, 7, 6),
        new(ApiKey.FindCoordinator, 0, 3, 3),
        new(ApiKey.JoinGroup, 0, 7, 6),
        new(ApiKey.Heartbeat, 0, 4, 4),
        new(ApiKey.LeaveGroup, 0, 4, 4),
        new(ApiKey.SyncGroup, 0, 5, 4),
        new(ApiKey.DescribeGroups, 0, 5, 5),
        new(ApiKey.ListGroups, 0, 4, 3),
        new(ApiKey.SaslHandshake, 0, 1, short.MaxValue),
        new(ApiKey.ApiVersions, 0, 3, 3),
        new(ApiKey.CreateTopics, 0, 6, 5),
        new(ApiKey.DeleteTopics, 0, 5, 4),
        new(ApiKey.InitProducerId, 0, 4, 2),
        new(ApiKey.DescribeConfigs, 0, 4, 4),
        new(ApiKey.SaslAuthenticate, 0, 2, 2),
    ];

    private static readonly Dictionary<short, ApiVersionRange> ByKey = All.ToDictionary(r => (short)r.Api);

    /// <summary>The range of <paramref name="apiKey"/>, or null for an API this edge does not speak.</summary>
    public static ApiVersionRange? Find(short apiKey) => ByKey.GetValueOrDefault(apiKey);

    /// <summary>The range of a known API.</summary>
    public static ApiVersionRange Of(ApiKey api) => ByKey[(short)api];

    /// <summary>Whether <paramref name="version"/> of <paramref name="apiKey"/> is answered.</summary>
    public static bool Supports(short apiKey, short version) => Find(apiKey)?.Supports(version) == true;

    /// <summary>
    /// The response header version: v1 (with tagged fields) for flexible versions, except ApiVersions, whose
    /// response header is always v0 so that a client can read it before it knows what the broker speaks.
    /// </summary>
    public static short ResponseHeaderVersion(ApiKey api, short version) =>
        api != ApiKey.ApiVersions && Of(api).IsFlexible(version) ? (short)1 : (short)0;
}
