using Actors.Topics;

namespace Actors.Consumers;

/// <summary>
/// The coordinator's claim on its group's name: before its first member joins, it claims the name for native
/// groups at the topic registry (<see cref="ClaimGroupName"/>), where Kafka groups claim theirs too. Joins wait
/// for the answer; if the name is a Kafka group's, every member that joins is told <see cref="GroupStopped"/> with
/// the one line why, which its consumer sees as the error, and the group never deals it a partition.
/// </summary>
internal sealed partial class GroupCoordinator
{
    private readonly List<JoinGroup> _waitingForName = [];
    private NameClaim _nameClaim = NameClaim.Unknown;
    private string? _nameRefusal;

    private enum NameClaim
    {
        Unknown,
        Pending,
        Held,
        Refused,
    }

    /// <summary>Whether the group may take <paramref name="join"/> now; if not, the join waits for the claim or is refused.</summary>
    private bool NameHeld(JoinGroup join)
    {
        switch (_nameClaim)
        {
            case NameClaim.Held:
                return true;
            case NameClaim.Refused:
                join.Member.Tell(new GroupStopped(_topic, _group, _nameRefusal!));
                return false;
            case NameClaim.Unknown:
                _nameClaim = NameClaim.Pending;
                ClaimNameAgain();
                break;
        }

        _waitingForName.Add(join);
        return false;
    }

    private void ClaimNameAgain()
    {
        if (_nameClaim != NameClaim.Pending) return;
        _registry.Tell(new ClaimGroupName(_group, GroupKinds.Native));
        // The registry is a singleton that may be moving: ask again until it answers.
        Timers.StartSingleTimer(ClaimName.Instance, ClaimName.Instance, _claimRetryInterval);
    }

    private void HandleNameOwner(GroupNameOwner owner)
    {
        if (_nameClaim != NameClaim.Pending || owner.Group != _group) return;
        Timers.Cancel(ClaimName.Instance);
        _nameRefusal = owner.RefusalFor(GroupKinds.Native);
        _nameClaim = _nameRefusal is null ? NameClaim.Held : NameClaim.Refused;
        if (_nameRefusal is not null) _log.Warning("group {0} on {1}: consumers refused: {2}", _group, _topic, _nameRefusal);
        var waiting = _waitingForName.ToList();
        _waitingForName.Clear();
        foreach (var join in waiting)
            if (NameHeld(join)) HandleJoin(join);
    }

    private sealed class ClaimName : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static ClaimName Instance { get; } = new();
        private ClaimName() { }
    }
}
