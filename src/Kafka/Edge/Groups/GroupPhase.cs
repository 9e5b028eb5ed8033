namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// The states of a classic Kafka group, named as Kafka names them (DescribeGroups and ListGroups show the names):
/// Empty (no members), PreparingRebalance (waiting for members to rejoin), CompletingRebalance (waiting for the
/// leader's assignment), Stable, and Dead (a group that does not exist).
/// </summary>
public enum GroupPhase
{
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

/// <summary>The rules a group enforces, from <see cref="KafkaGroupsSettings"/>.</summary>
/// <param name="MinSessionTimeoutMs">The shortest session timeout a member may ask for (Kafka's group.min.session.timeout.ms).</param>
/// <param name="MaxSessionTimeoutMs">The longest (group.max.session.timeout.ms).</param>
/// <param name="InitialRebalanceDelayMs">How long the first rebalance of an empty group waits for more members (group.initial.rebalance.delay.ms); 0 for none.</param>
public sealed record GroupRules(int MinSessionTimeoutMs, int MaxSessionTimeoutMs, int InitialRebalanceDelayMs);

/// <summary>A response the state machine owes to a waiting request: <see cref="To"/> is the token the request came with.</summary>
public readonly record struct GroupReply(object To, object Message);
