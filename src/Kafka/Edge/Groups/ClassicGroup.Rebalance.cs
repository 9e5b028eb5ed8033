namespace Actors.Kafka.Edge.Groups;

/// <summary>How members come and go and how a rebalance runs: prepare, hold the joins, complete with a new generation.</summary>
public sealed partial class ClassicGroup
{
    /// <summary>
    /// Whether a member with these protocols may join: any non-empty set when the group has no members, else the
    /// group's protocol type and at least one protocol every member supports.
    /// </summary>
    private bool SupportsProtocols(string protocolType, IReadOnlyList<GroupProtocol> protocols)
    {
        if (protocolType.Length == 0 || protocols.Count == 0) return false;
        if (_members.Count == 0) return true;
        var candidates = CandidateProtocols();
        return protocolType == ProtocolType && protocols.Any(p => candidates.Contains(p.Name));
    }

    private HashSet<string> CandidateProtocols()
    {
        var candidates = _members.Values.First().Protocols.Select(p => p.Name).ToHashSet();
        foreach (var member in _members.Values.Skip(1)) candidates.IntersectWith(member.Protocols.Select(p => p.Name));
        return candidates;
    }

    /// <summary>The protocol most members name first among those all support (ties: the earliest member's preference).</summary>
    private string SelectProtocol()
    {
        var candidates = CandidateProtocols();
        var votes = _members.Values.Select(m => m.Protocols.First(p => candidates.Contains(p.Name)).Name).ToList();
        var preference = _members.Values.First().Protocols.Select(p => p.Name).Where(candidates.Contains).ToList();
        return preference.OrderByDescending(p => votes.Count(v => v == p)).ThenBy(preference.IndexOf).First();
    }

    private void AddMemberAndRebalance(JoinKafkaGroup join, string memberId, object replyTo, DateTimeOffset now, List<GroupReply> replies)
    {
        var member = new KafkaMember(join, memberId, now) { AwaitingJoin = replyTo };
        if (State == GroupPhase.PreparingRebalance && Generation == 0) _newMemberAdded = true;
        _members[memberId] = member;
        Leader ??= memberId;
        if (_members.Count == 1) ProtocolType = join.ProtocolType;
        MaybePrepareRebalance(now, replies);
    }

    private void UpdateMemberAndRebalance(KafkaMember member, JoinKafkaGroup join, object replyTo, DateTimeOffset now, List<GroupReply> replies)
    {
        member.Update(join);
        // A second JoinGroup of a member whose first still waits (the client gave up on it): the first is answered.
        if (member.AwaitingJoin is { } earlier) replies.Add(new(earlier, KafkaGroupJoined.Error(ErrorCode.RebalanceInProgress, member.MemberId)));
        member.AwaitingJoin = replyTo;
        MaybePrepareRebalance(now, replies);
    }

    private void RemoveMemberAndUpdateGroup(KafkaMember member, DateTimeOffset now, List<GroupReply> replies)
    {
        // A request of the removed member that still waits is answered, so that no client waits in vain.
        if (member.AwaitingJoin is { } join) replies.Add(new(join, KafkaGroupJoined.Error(ErrorCode.UnknownMemberId, member.MemberId)));
        if (member.AwaitingSync is { } sync) replies.Add(new(sync, KafkaGroupSynced.Error(ErrorCode.UnknownMemberId)));
        _members.Remove(member.MemberId);
        if (Leader == member.MemberId) Leader = _members.Count > 0 ? _members.GetAt(0).Key : null;
        switch (State)
        {
            case GroupPhase.Stable or GroupPhase.CompletingRebalance:
                MaybePrepareRebalance(now, replies);
                break;
            case GroupPhase.PreparingRebalance:
                TryCompleteJoin(now, replies);
                break;
        }
    }

    private void MaybePrepareRebalance(DateTimeOffset now, List<GroupReply> replies)
    {
        if (State is not (GroupPhase.Stable or GroupPhase.CompletingRebalance or GroupPhase.Empty)) return;
        if (State == GroupPhase.CompletingRebalance)
        {
            // The assignment being made is for a membership that just changed: the members waiting for it rejoin.
            foreach (var m in _members.Values)
            {
                m.Assignment = [];
                if (m.AwaitingSync is null) continue;
                replies.Add(new(m.AwaitingSync, KafkaGroupSynced.Error(ErrorCode.RebalanceInProgress)));
                m.AwaitingSync = null;
            }
        }

        var rebalanceTimeoutMs = _members.Count == 0 ? 0 : _members.Values.Max(m => m.RebalanceTimeoutMs);
        if (State == GroupPhase.Empty && rules.InitialRebalanceDelayMs > 0)
        {
            var delay = Math.Min(rules.InitialRebalanceDelayMs, rebalanceTimeoutMs);
            _initialDelay = true;
            _newMemberAdded = false;
            _delayRemainingMs = Math.Max(0, rebalanceTimeoutMs - delay);
            _joinDeadline = now + TimeSpan.FromMilliseconds(delay);
        }
        else
        {
            _initialDelay = false;
            _joinDeadline = now + TimeSpan.FromMilliseconds(rebalanceTimeoutMs);
        }

        State = GroupPhase.PreparingRebalance;
        TryCompleteJoin(now, replies);
    }

    /// <summary>Completes the rebalance early once every member has rejoined and no pending member is still to come (never during the initial delay).</summary>
    private void TryCompleteJoin(DateTimeOffset now, List<GroupReply> replies)
    {
        if (State != GroupPhase.PreparingRebalance || _initialDelay || _pending.Count > 0) return;
        if (_members.Values.All(m => m.AwaitingJoin is not null)) CompleteJoin(now, replies);
    }

    /// <summary>
    /// Ends a rebalance: members that did not rejoin are removed, then a new generation starts, with the protocol
    /// chosen and every member answered (the leader with the member list), or the group becomes Empty.
    /// </summary>
    private void CompleteJoin(DateTimeOffset now, List<GroupReply> replies)
    {
        foreach (var member in _members.Values.Where(m => m.AwaitingJoin is null).ToList())
        {
            _members.Remove(member.MemberId);
            if (Leader == member.MemberId) Leader = null;
        }

        _joinDeadline = null;
        _initialDelay = false;
        Generation++;
        if (_members.Count == 0)
        {
            ProtocolName = null;
            Leader = null;
            State = GroupPhase.Empty;
            return;
        }

        Leader ??= _members.GetAt(0).Key;
        ProtocolName = SelectProtocol();
        State = GroupPhase.CompletingRebalance;
        foreach (var member in _members.Values)
        {
            replies.Add(new(member.AwaitingJoin!, JoinedAnswer(member, withMembers: member.MemberId == Leader)));
            member.AwaitingJoin = null;
            member.LastHeard = now;
        }
    }

    private KafkaGroupJoined JoinedAnswer(KafkaMember member, bool withMembers) =>
        new((short)ErrorCode.None, Generation, ProtocolType, ProtocolName, Leader ?? "", member.MemberId,
            withMembers ? _members.Values.Select(m => new JoinedMember(m.MemberId, m.GroupInstanceId, m.MetadataFor(ProtocolName))).ToList() : []);

    private KafkaGroupSynced Synced(KafkaMember member) =>
        new((short)ErrorCode.None, ProtocolType, ProtocolName, member.Assignment);
}
