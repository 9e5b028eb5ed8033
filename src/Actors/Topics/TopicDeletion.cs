using Actors.Consumers;
using Actors.Partitions;
using Akka.Cluster;

namespace Actors.Topics;

/// <summary>
/// Deletes one topic's data, a child of the topic registry: every partition deletes its journal and snapshots
/// (and says which groups had a position on it), then every one of those groups stops its members and deletes its
/// coordinator's journal, then the topic ref of every node forgets the topic. Requests that get no answer (a shard
/// on the move, a node that left) are sent again every retry interval until answered; deleting twice is harmless.
/// The registry journals the deletion, so if this actor dies with its node, the registry's next home starts it again.
/// </summary>
internal sealed class TopicDeletion : ReceiveActor, IWithTimers
{
    private readonly TopicName _topic;
    private readonly IActorRef _partitions;
    private readonly IActorRef _groups;
    private readonly HashSet<int> _partitionsLeft;
    private readonly SortedSet<string> _groupNames = new(StringComparer.Ordinal);
    private readonly HashSet<GroupName> _groupsLeft = [];
    private readonly int _partitionCount;

    public TopicDeletion(TopicName topic, int partitions, IActorRef partitionRegion, IActorRef groupRegion, TimeSpan retryInterval)
    {
        _topic = topic;
        _partitionCount = partitions;
        _partitions = partitionRegion;
        _groups = groupRegion;
        _partitionsLeft = Enumerable.Range(0, partitions).ToHashSet();
        Receive<PartitionDeleted>(HandlePartitionDeleted);
        Receive<GroupDeleted>(deleted =>
        {
            if (_groupsLeft.Remove(deleted.Group) && _groupsLeft.Count == 0) Finish();
        });
        Receive<Resend>(_ => SendRequests());
        Timers.StartPeriodicTimer(Resend.Instance, Resend.Instance, retryInterval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TopicName topic, int partitions, IActorRef partitionRegion, IActorRef groupRegion, TimeSpan retryInterval) =>
        Akka.Actor.Props.Create(() => new TopicDeletion(topic, partitions, partitionRegion, groupRegion, retryInterval));

    protected override void PreStart()
    {
        if (_partitionsLeft.Count == 0) Finish();
        else SendRequests();
    }

    private void HandlePartitionDeleted(PartitionDeleted deleted)
    {
        if (!_partitionsLeft.Remove(deleted.Partition)) return;
        foreach (var group in deleted.Groups) _groupNames.Add(group.Value);
        if (_partitionsLeft.Count > 0) return;
        foreach (var group in _groupNames) _groupsLeft.Add(new GroupName(group));
        if (_groupsLeft.Count == 0) Finish();
        else SendRequests();
    }

    /// <summary>Partitions first (they know the groups), then the groups.</summary>
    private void SendRequests()
    {
        if (_partitionsLeft.Count > 0)
            foreach (var partition in _partitionsLeft) _partitions.Tell(new DeletePartition(_topic, partition));
        else
            foreach (var group in _groupsLeft) _groups.Tell(new DeleteGroup(_topic, group));
    }

    /// <summary>Tells the topic ref of every member to forget the topic, and the registry that the data is gone.</summary>
    private void Finish()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        foreach (var member in cluster.State.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining))
            Context.ActorSelection(new RootActorPath(member.Address) / "system" / TopicPublisher.ActorName(_topic)).Tell(new ForgetTopic(_topic));
        Context.Parent.Tell(new Finished(_topic, _partitionCount, _groupNames.Select(g => new GroupName(g)).ToList()));
        Context.Stop(Self);
    }

    /// <summary>The topic's partitions and groups are deleted (to the registry).</summary>
    public sealed record Finished(TopicName Topic, int Partitions, IReadOnlyList<GroupName> Groups) : INoSerializationVerificationNeeded;

    private sealed class Resend : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Resend Instance { get; } = new();
        private Resend() { }
    }
}
