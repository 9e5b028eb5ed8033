namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// The classic group protocol of one group, as Kafka's GroupCoordinator runs it, with no actor in it: each call
/// takes the request, the token to answer it with and the time, changes the group and returns the answers now due
/// (to this request, or to others that were waiting: a JoinGroup is held until every member has rejoined or the
/// rebalance timeout passes, and a follower's SyncGroup until the leader's arrives). <see cref="Tick"/> expires
/// silent members, unjoined pending members and overdue rebalances. The entity (<see cref="KafkaGroupActor"/>)
/// is a thin shell around it; specs drive it with plain tokens and times.
/// Static membership (group.instance.id) is treated as dynamic: the instance id is kept and shown, but a member
/// restarting with it joins as a new member and its old self expires with its session.
/// </summary>
public sealed partial class ClassicGroup(string groupId, GroupRules rules)
{
    private readonly OrderedDictionary<string, KafkaMember> _members = [];
    private readonly Dictionary<string, DateTimeOffset> _pending = [];
    private DateTimeOffset? _joinDeadline;
    private bool _initialDelay;
    private bool _newMemberAdded;
    private int _delayRemainingMs;

    public string GroupId => groupId;
    public GroupPhase State { get; private set; } = GroupPhase.Empty;
    public int Generation { get; private set; }
    public string? ProtocolType { get; private set; }
    public string? ProtocolName { get; private set; }
    public string? Leader { get; private set; }

    /// <summary>Whether the group has members or members it told to rejoin with their id: then time matters (<see cref="Tick"/>).</summary>
    public bool IsActive => _members.Count > 0 || _pending.Count > 0 || State == GroupPhase.PreparingRebalance;

    public IEnumerable<string> MemberIds => _members.Keys;

    /// <summary>JoinGroup.</summary>
    public IReadOnlyList<GroupReply> Join(JoinKafkaGroup join, object replyTo, DateTimeOffset now)
    {
        var replies = new List<GroupReply>();
        if (join.SessionTimeoutMs < rules.MinSessionTimeoutMs || join.SessionTimeoutMs > rules.MaxSessionTimeoutMs)
            return Answer(replyTo, KafkaGroupJoined.Error(ErrorCode.InvalidSessionTimeout, join.MemberId));
        if (!SupportsProtocols(join.ProtocolType, join.Protocols))
            return Answer(replyTo, KafkaGroupJoined.Error(ErrorCode.InconsistentGroupProtocol, join.MemberId));

        if (join.MemberId.Length == 0)
        {
            var memberId = $"{join.ClientId}-{Guid.NewGuid()}";
            if (join.RequireKnownMemberId)
            {
                // KIP-394: the member learns its id first, so a client that times out and retries does not leave a
                // defunct member behind; it must rejoin with the id within its session timeout.
                _pending[memberId] = now + TimeSpan.FromMilliseconds(join.SessionTimeoutMs);
                return Answer(replyTo, KafkaGroupJoined.Error(ErrorCode.MemberIdRequired, memberId));
            }

            AddMemberAndRebalance(join, memberId, replyTo, now, replies);
        }
        else if (_pending.Remove(join.MemberId))
        {
            AddMemberAndRebalance(join, join.MemberId, replyTo, now, replies);
        }
        else if (!_members.TryGetValue(join.MemberId, out var member))
        {
            return Answer(replyTo, KafkaGroupJoined.Error(ErrorCode.UnknownMemberId, join.MemberId));
        }
        else
        {
            member.LastHeard = now;
            switch (State)
            {
                case GroupPhase.PreparingRebalance:
                    UpdateMemberAndRebalance(member, join, replyTo, now, replies);
                    break;
                case GroupPhase.CompletingRebalance when member.Matches(join.Protocols):
                    // The member missed its JoinGroup answer: give it again.
                    replies.Add(new(replyTo, JoinedAnswer(member, withMembers: member.MemberId == Leader)));
                    break;
                case GroupPhase.Stable when member.MemberId != Leader && member.Matches(join.Protocols):
                    replies.Add(new(replyTo, JoinedAnswer(member, withMembers: false)));
                    break;
                case GroupPhase.CompletingRebalance or GroupPhase.Stable:
                    UpdateMemberAndRebalance(member, join, replyTo, now, replies);
                    break;
                default:
                    return Answer(replyTo, KafkaGroupJoined.Error(ErrorCode.UnknownMemberId, join.MemberId));
            }
        }

        TryCompleteJoin(now, replies);
        return replies;
    }

    /// <summary>SyncGroup.</summary>
    public IReadOnlyList<GroupReply> Sync(SyncKafkaGroup sync, object replyTo, DateTimeOffset now)
    {
        if (!_members.TryGetValue(sync.MemberId, out var member)) return Answer(replyTo, KafkaGroupSynced.Error(ErrorCode.UnknownMemberId));
        if (sync.GenerationId != Generation) return Answer(replyTo, KafkaGroupSynced.Error(ErrorCode.IllegalGeneration));
        if ((sync.ProtocolType is not null && sync.ProtocolType != ProtocolType) || (sync.ProtocolName is not null && sync.ProtocolName != ProtocolName))
            return Answer(replyTo, KafkaGroupSynced.Error(ErrorCode.InconsistentGroupProtocol));

        member.LastHeard = now;
        switch (State)
        {
            case GroupPhase.PreparingRebalance:
                return Answer(replyTo, KafkaGroupSynced.Error(ErrorCode.RebalanceInProgress));
            case GroupPhase.Stable:
                return Answer(replyTo, Synced(member));
            case GroupPhase.CompletingRebalance:
                var replies = new List<GroupReply>();
                if (member.AwaitingSync is { } earlier) replies.Add(new(earlier, KafkaGroupSynced.Error(ErrorCode.RebalanceInProgress)));
                member.AwaitingSync = replyTo;
                if (member.MemberId == Leader)
                {
                    var given = sync.Assignments.GroupBy(a => a.MemberId).ToDictionary(g => g.Key, g => g.Last().Assignment);
                    foreach (var m in _members.Values) m.Assignment = given.GetValueOrDefault(m.MemberId) ?? [];
                    State = GroupPhase.Stable;
                    foreach (var m in _members.Values.Where(m => m.AwaitingSync is not null))
                    {
                        replies.Add(new(m.AwaitingSync!, Synced(m)));
                        m.AwaitingSync = null;
                    }
                }

                return replies;
            default:
                return Answer(replyTo, KafkaGroupSynced.Error(ErrorCode.UnknownMemberId));
        }
    }

    /// <summary>Heartbeat: the error code to answer with.</summary>
    public ErrorCode Heartbeat(KafkaHeartbeat heartbeat, DateTimeOffset now)
    {
        if (!_members.TryGetValue(heartbeat.MemberId, out var member)) return ErrorCode.UnknownMemberId;
        if (heartbeat.GenerationId != Generation) return ErrorCode.IllegalGeneration;
        member.LastHeard = now;
        return State == GroupPhase.PreparingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
    }

    /// <summary>LeaveGroup: a result per member, and the answers due to others (a rebalance that can now complete).</summary>
    public (IReadOnlyList<MemberLeft> Results, IReadOnlyList<GroupReply> Replies) Leave(LeaveKafkaGroup leave, DateTimeOffset now)
    {
        var results = new List<MemberLeft>();
        var replies = new List<GroupReply>();
        foreach (var memberId in leave.MemberIds)
        {
            if (_pending.Remove(memberId))
            {
                results.Add(new(memberId, (short)ErrorCode.None));
                TryCompleteJoin(now, replies);
            }
            else if (_members.TryGetValue(memberId, out var member))
            {
                results.Add(new(memberId, (short)ErrorCode.None));
                RemoveMemberAndUpdateGroup(member, now, replies);
            }
            else
            {
                results.Add(new(memberId, (short)ErrorCode.UnknownMemberId));
            }
        }

        return (results, replies);
    }

    /// <summary>
    /// Whether an OffsetCommit may be applied: from a member of the current generation, or (generation below 0)
    /// from a consumer that only stores offsets here while the group has no members, as Kafka allows.
    /// </summary>
    public ErrorCode CheckCommit(int generationId, string memberId, DateTimeOffset now)
    {
        if (generationId < 0 && _members.Count == 0) return ErrorCode.None;
        if (!_members.TryGetValue(memberId, out var member)) return ErrorCode.UnknownMemberId;
        if (generationId != Generation) return ErrorCode.IllegalGeneration;
        if (State == GroupPhase.CompletingRebalance) return ErrorCode.RebalanceInProgress;
        member.LastHeard = now;
        return ErrorCode.None;
    }

    /// <summary>The passage of time: members whose session ran out, pending members that never rejoined, a rebalance past its deadline.</summary>
    public IReadOnlyList<GroupReply> Tick(DateTimeOffset now)
    {
        var replies = new List<GroupReply>();
        foreach (var (memberId, _) in _pending.Where(p => p.Value <= now).ToList())
        {
            _pending.Remove(memberId);
            TryCompleteJoin(now, replies);
        }

        foreach (var member in _members.Values.Where(m => m.HasExpired(now)).ToList())
            RemoveMemberAndUpdateGroup(member, now, replies);

        if (State == GroupPhase.PreparingRebalance && _joinDeadline <= now)
        {
            if (_initialDelay && _newMemberAdded && _delayRemainingMs > 0)
            {
                // Kafka's initial delay: each new member during it buys the others one more delay, up to the rebalance timeout.
                _newMemberAdded = false;
                var delay = Math.Min(rules.InitialRebalanceDelayMs, _delayRemainingMs);
                _delayRemainingMs -= delay;
                _joinDeadline = now + TimeSpan.FromMilliseconds(delay);
            }
            else
            {
                CompleteJoin(now, replies);
            }
        }

        return replies;
    }

    /// <summary>The group as DescribeGroups shows it; member metadata and assignments only while Stable, as Kafka does.</summary>
    public KafkaGroupDescription Describe(bool exists)
    {
        if (!exists) return new(groupId, nameof(GroupPhase.Dead), "", "", []);
        var stable = State == GroupPhase.Stable;
        return new(groupId, State.ToString(), ProtocolType ?? "", stable ? ProtocolName ?? "" : "",
            _members.Values.Select(m => new DescribedMember(m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost,
                stable ? m.MetadataFor(ProtocolName) : [], stable ? m.Assignment : [])).ToList());
    }

    private static List<GroupReply> Answer(object replyTo, object message) => [new(replyTo, message)];
}
