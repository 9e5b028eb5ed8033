namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// One member of a classic group as its coordinator holds it: who it is, its timeouts and protocols, the
/// assignment the leader gave it, when it was last heard from, and the JoinGroup or SyncGroup request of it that
/// waits for an answer (an opaque token the entity maps back to the asker).
/// </summary>
internal sealed class KafkaMember(JoinKafkaGroup join, string memberId, DateTimeOffset now)
{
    public string MemberId { get; } = memberId;
    public string? GroupInstanceId { get; private set; } = join.GroupInstanceId;
    public string ClientId { get; private set; } = join.ClientId;
    public string ClientHost { get; private set; } = join.ClientHost;
    public int SessionTimeoutMs { get; private set; } = join.SessionTimeoutMs;
    public int RebalanceTimeoutMs { get; private set; } = join.RebalanceTimeoutMs;
    public IReadOnlyList<GroupProtocol> Protocols { get; private set; } = join.Protocols;
    public byte[] Assignment { get; set; } = [];
    public object? AwaitingJoin { get; set; }
    public object? AwaitingSync { get; set; }
    public DateTimeOffset LastHeard { get; set; } = now;

    /// <summary>Whether this member's session has run out: never while a JoinGroup or SyncGroup of it waits (the rebalance bounds those).</summary>
    public bool HasExpired(DateTimeOffset now) =>
        AwaitingJoin is null && AwaitingSync is null && now - LastHeard > TimeSpan.FromMilliseconds(SessionTimeoutMs);

    /// <summary>Whether a rejoin brings the same protocols and metadata (then a Stable follower needs no rebalance).</summary>
    public bool Matches(IReadOnlyList<GroupProtocol> protocols) =>
        protocols.Count == Protocols.Count
        && protocols.Zip(Protocols).All(p => p.Item1.Name == p.Item2.Name && p.Item1.Metadata.AsSpan().SequenceEqual(p.Item2.Metadata));

    public byte[] MetadataFor(string? protocol) => Protocols.FirstOrDefault(p => p.Name == protocol)?.Metadata ?? [];

    /// <summary>A rejoin: the member may bring new protocols, timeouts and client details.</summary>
    public void Update(JoinKafkaGroup join)
    {
        GroupInstanceId = join.GroupInstanceId;
        ClientId = join.ClientId;
        ClientHost = join.ClientHost;
        SessionTimeoutMs = join.SessionTimeoutMs;
        RebalanceTimeoutMs = join.RebalanceTimeoutMs;
        Protocols = join.Protocols;
    }
}
