using Actors.Partitions;
using Actors.Topics;
using Akka.Cluster.Sharding;
using Akka.Persistence;

namespace Actors.Consumers;

/// <summary>
/// The coordinator's operator requests: describing the group, resetting its offsets (only while it is empty, as
/// Kafka requires) and deleting it with its topic. Membership is not durable, so a coordinator that has just
/// started answers a description or a reset only after one member timeout: by then every live member has
/// announced itself, and an empty group really is empty.
/// </summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>A partition that did not confirm its seek is asked again this often.</summary>
    private static readonly TimeSpan ResetResendInterval = TimeSpan.FromSeconds(1);

    /// <summary>A reset whose partitions do not all confirm within this is answered with a refusal.</summary>
    private static readonly TimeSpan ResetTimeout = TimeSpan.FromSeconds(30);

    private readonly List<IActorRef> _deletionWaiters = [];
    private DateTimeOffset? _readySince;
    private ResetRun? _reset;
    private GroupDeleted? _deleted;
    private long _deleteTo = -1;
    private bool _journalDeleted;
    private bool _snapshotsDeleted;

    /// <summary>While the topic is looked up: deletion must not wait for a lookup that would create the topic again.</summary>
    private void ResolvingAdmin() => Command<DeleteGroup>(BeginDelete);

    private void ReadyAdmin()
    {
        _readySince ??= DateTimeOffset.UtcNow;
        Command<DescribeGroup>(HandleDescribe);
        Command<ResetGroup>(HandleReset);
        Command<DeleteGroup>(BeginDelete);
        // A partition that confirmed its seek after the reset gave up.
        Command<PartitionStatus>(_ => { });
    }

    /// <summary>Whether <paramref name="request"/> must wait for members to announce themselves; if so, it comes back later.</summary>
    private bool Unsettled(object request)
    {
        var wait = _readySince!.Value + _memberTimeout - DateTimeOffset.UtcNow;
        if (wait <= TimeSpan.Zero) return false;
        Context.System.Scheduler.ScheduleTellOnce(wait, Self, request, Sender);
        return true;
    }

    private void HandleDescribe(DescribeGroup describe)
    {
        if (Unsettled(describe)) return;
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        var members = _members.Keys
            .Select(m => new GroupMemberInfo(m.Path.Name, (m.Path.Address.HasGlobalScope ? m.Path.Address : self).ToString(),
                _assignment.TryGetValue(m, out var partitions) ? partitions : []))
            .OrderBy(m => m.Node, StringComparer.Ordinal).ThenBy(m => m.Member, StringComparer.Ordinal)
            .ToList();
        Sender.Tell(new GroupDescription(_topic, _group, _generation, members));
    }

    private void HandleReset(ResetGroup reset)
    {
        if (Unsettled(reset)) return;
        if (_members.Count > 0)
        {
            Sender.Tell(new GroupResetRefused(_topic, _group,
                $"group '{_group}' has {_members.Count} active member{(_members.Count == 1 ? "" : "s")} on topic '{_topic}'; stop {(_members.Count == 1 ? "it" : "them")} first (offsets are reset only while a group is empty)"));
            return;
        }

        _log.Info("group {0} on {1}: resetting its offsets to {2} {3}", _group, _topic, reset.Position.Kind, reset.Position.Value);
        _reset = new ResetRun(reset, Sender, DateTimeOffset.UtcNow + ResetTimeout, ClusterSharding.Get(Context.System).ShardRegion(Broker.PartitionTypeName));
        SendSeeks();
        Timers.StartPeriodicTimer(ResetResend.Instance, ResetResend.Instance, ResetResendInterval);
        Become(Resetting);
    }

    /// <summary>While the partitions move: joins and every other request wait, so no member starts from an old offset.</summary>
    private void Resetting()
    {
        Command<PartitionStatus>(status =>
        {
            _reset!.Done[status.Partition] = status;
            if (_reset.Done.Count == _partitions)
                EndReset(new GroupOffsetsReset(_topic, _group, _reset.Done.Values.OrderBy(s => s.Partition).ToList()));
        });
        Command<ResetResend>(_ =>
        {
            if (DateTimeOffset.UtcNow < _reset!.Deadline) SendSeeks();
            else EndReset(new GroupResetRefused(_topic, _group,
                $"only {_reset.Done.Count} of {_partitions} partitions confirmed the reset within {ResetTimeout.TotalSeconds:0} s; run it again"));
        });
        CommandAny(_ => Stash.Stash());
    }

    private void SendSeeks()
    {
        for (var p = 0; p < _partitions; p++)
            if (!_reset!.Done.ContainsKey(p))
                _reset.Partitions.Tell(new SeekPartition(_topic, p, _group, _reset.Request.Position));
    }

    private void EndReset(object answer)
    {
        Timers.Cancel(ResetResend.Instance);
        _reset!.Requester.Tell(answer);
        _reset = null;
        Become(Ready);
        Stash.UnstashAll();
    }

    private void BeginDelete(DeleteGroup delete)
    {
        _deletionWaiters.Add(Sender);
        var stopped = new GroupStopped(_topic, _group, $"topic '{_topic}' was deleted");
        // Members known here, and any whose join waits in the stash of a coordinator still looking its topic up.
        foreach (var member in _members.Keys) member.Tell(stopped);
        foreach (var waiting in Stash.ClearStash())
            if (waiting.Message is JoinGroup join)
                join.Member.Tell(stopped);
        _members.Clear();
        Timers.CancelAll();
        _log.Debug("group {0} on {1}: deleting (the topic is being deleted)", _group, _topic);
        Become(() => DeletingGroup(stopped));
        DeferAsync(delete, _ =>
        {
            _deleteTo = LastSequenceNr;
            _journalDeleted = _deleteTo == 0;
            if (!_journalDeleted) DeleteMessages(_deleteTo);
            DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue, DateTime.MaxValue));
            FinishDelete();
        });
    }

    private void DeletingGroup(GroupStopped stopped)
    {
        Command<DeleteGroup>(_ =>
        {
            if (_deleted is not null) Sender.Tell(_deleted);
            else _deletionWaiters.Add(Sender);
        });
        // A member that had not heard yet.
        Command<JoinGroup>(join => join.Member.Tell(stopped));
        Command<DeleteMessagesSuccess>(success =>
        {
            // A delete of old generations issued before may answer here too; only the delete of everything counts.
            if (success.ToSequenceNr != _deleteTo) return;
            _journalDeleted = true;
            FinishDelete();
        });
        Command<DeleteSnapshotsSuccess>(_ =>
        {
            _snapshotsDeleted = true;
            FinishDelete();
        });
        Command<DeleteMessagesFailure>(failure => RetryDelete(failure.Cause));
        Command<DeleteSnapshotsFailure>(failure => RetryDelete(failure.Cause));
        CommandAny(_ => { });
    }

    private void RetryDelete(Exception cause)
    {
        _log.Warning("group {0} on {1}: deleting its journal failed ({2}); trying again", _group, _topic, cause.Message);
        _journalDeleted = _snapshotsDeleted = false;
        _deleteTo = LastSequenceNr;
        if (_deleteTo > 0) DeleteMessages(_deleteTo);
        else _journalDeleted = true;
        DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue, DateTime.MaxValue));
    }

    private void FinishDelete()
    {
        if (!_journalDeleted || !_snapshotsDeleted || _deleted is not null) return;
        _deleted = new GroupDeleted(_topic, _group);
        foreach (var waiter in _deletionWaiters) waiter.Tell(_deleted);
        _deletionWaiters.Clear();
        _log.Debug("group {0} on {1}: deleted", _group, _topic);
        // The shard holds messages sent meanwhile for a next incarnation, which finds the topic gone (or new).
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    /// <summary>A reset in progress: the request, who asked, when it gives up, and the partitions that confirmed.</summary>
    private sealed record ResetRun(ResetGroup Request, IActorRef Requester, DateTimeOffset Deadline, IActorRef Partitions)
    {
        public Dictionary<int, PartitionStatus> Done { get; } = [];
    }

    private sealed class ResetResend : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static ResetResend Instance { get; } = new();
        private ResetResend() { }
    }
}
