using Actors.Diagnostics;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Consumers;

/// <summary>
/// One member of a consumer group, standing between the partitions and the user's consumer actor
/// (the target). It heartbeats to the group coordinator, subscribes to the partitions it is assigned
/// (with a credit window of <c>prefetch</c> deliveries each), passes deliveries to the target, and passes
/// the target's acks and nacks back to the partition that sent them. When a partition moves (its node
/// left or died) it subscribes again; when the target stops, it leaves the group and stops too. A target that asked
/// for batches (<see cref="ConsumerSettings.Batched"/>) gets what arrived while the member worked as one
/// <see cref="DeliveryBatch"/> (of at most <c>max-message-size</c> bytes, so it fits a remoting frame), and may ack
/// with <see cref="AckBatch"/>.
/// </summary>
internal sealed class GroupMember : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ConsumerSettings _settings;
    private readonly IActorRef _target;
    private readonly IActorRef _coordinators;
    private readonly IActorRef _partitions;
    private readonly TimeSpan _retryInterval;
    private readonly Dictionary<int, PartitionLink> _links = [];
    private readonly List<Delivery> _outgoing = [];
    private readonly int _maxBatchBytes;
    private long _generation = long.MinValue;
    private bool _groupStopped;

    public GroupMember(ConsumerSettings settings, IActorRef target, IActorRef coordinators, IActorRef partitions, TimeSpan heartbeat, TimeSpan retryInterval,
        int maxBatchBytes)
    {
        _maxBatchBytes = maxBatchBytes;
        _settings = settings;
        _target = target;
        _coordinators = coordinators;
        _partitions = partitions;
        _retryInterval = retryInterval;
        Receive<GroupAssignment>(HandleAssignment);
        Receive<PartitionSubscribed>(HandleSubscribed);
        Receive<Delivery>(HandleDelivery);
        Receive<FlushDeliveries>(_ => SendOutgoing());
        Receive<Ack>(ack => ToPartition(ack.Partition, ack));
        Receive<AckBatch>(acks => ToPartition(acks.Partition, acks));
        Receive<Nack>(nack => ToPartition(nack.Partition, nack));
        Receive<AckRejected>(rejected => _target.Tell(rejected));
        Receive<Terminated>(HandleTerminated);
        Receive<Heartbeat>(_ => HandleHeartbeat());
        Receive<GroupStopped>(HandleGroupStopped);
        Timers.StartPeriodicTimer(Heartbeat.Instance, Heartbeat.Instance, TimeSpan.Zero, heartbeat);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ConsumerSettings settings, IActorRef target, IActorRef coordinators, IActorRef partitions, TimeSpan heartbeat, TimeSpan retryInterval,
        int maxBatchBytes) =>
        Akka.Actor.Props.Create(() => new GroupMember(settings, target, coordinators, partitions, heartbeat, retryInterval, maxBatchBytes));

    protected override void PreStart() => Context.Watch(_target);

    protected override void PostStop()
    {
        // A stopped group is gone: leaving it or its partitions would only start their entities again.
        if (_groupStopped) return;
        _coordinators.Tell(new LeaveGroup(_settings.Topic, _settings.Group, Self));
        foreach (var partition in _links.Keys) Unsubscribe(partition);
    }

    private void HandleAssignment(GroupAssignment assignment)
    {
        if (assignment.Generation <= _generation) return;
        _generation = assignment.Generation;
        var assigned = assignment.Partitions.ToHashSet();
        foreach (var revoked in _links.Keys.Where(p => !assigned.Contains(p)).ToList())
        {
            Unsubscribe(revoked);
            _links.Remove(revoked);
        }

        foreach (var partition in assigned)
        {
            _links[partition] = new PartitionLink();
            Subscribe(partition);
        }

        _log.Info("consumer {0}/{1}: assigned partitions [{2}] (generation {3})", _settings.Topic, _settings.Group, string.Join(",", assigned.Order()), _generation);
    }

    /// <summary>The group was deleted with its topic: the target hears why, and the member stops.</summary>
    private void HandleGroupStopped(GroupStopped stopped)
    {
        _log.Info("consumer {0}/{1}: {2}; stopping", _settings.Topic, _settings.Group, stopped.Reason);
        _groupStopped = true;
        _target.Tell(stopped);
        Context.Stop(Self);
    }

    private void HandleSubscribed(PartitionSubscribed subscribed)
    {
        if (!_links.TryGetValue(subscribed.Partition, out var link)) return;
        link.Partition = Sender;
        Context.Watch(Sender);
    }

    private void HandleDelivery(Delivery delivery)
    {
        // A partition revoked in a rebalance may still be delivering: drop it, the new owner gets it again.
        if (!_links.TryGetValue(delivery.Partition, out var link)) return;
        link.Partition ??= Sender;
        ActorsMetrics.ConsumedMessages.Add(1, link.Tags ??= MessagingTags.ForGroup(_settings.Topic.Value, delivery.Partition, _settings.Group.Value));
        // A consumer span on this (the consuming) node, child of the publish the message's headers name; it covers the hand-over.
        MessageTracing.Stop(MessageTracing.StartProcess(_settings.Topic.Value, delivery.Partition, _settings.Group.Value, delivery.Message.Headers));
        if (!_settings.Batched)
        {
            _target.Tell(delivery, Self);
            return;
        }

        // The first waiting delivery asks for a flush behind the messages already in the mailbox: those join it.
        _outgoing.Add(delivery);
        if (_outgoing.Count == 1) Self.Tell(FlushDeliveries.Instance);
    }

    /// <summary>Sends the waiting deliveries as batches of at most the size limit's bytes (a larger one alone).</summary>
    private void SendOutgoing()
    {
        foreach (var (start, count) in SizeBounded.Batches(_outgoing, d => d.Message.Size, int.MaxValue, _maxBatchBytes))
            _target.Tell(new DeliveryBatch(_outgoing.GetRange(start, count)), Self);

        _outgoing.Clear();
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_target))
        {
            Context.Stop(Self);
            return;
        }

        foreach (var link in _links.Values.Where(l => terminated.ActorRef.Equals(l.Partition)))
        {
            link.Partition = null;
            link.LastAttempt = DateTimeOffset.MinValue;
        }
    }

    private void HandleHeartbeat()
    {
        _coordinators.Tell(new JoinGroup(_settings.Topic, _settings.Group, Self, _generation));
        var due = DateTimeOffset.UtcNow - _retryInterval;
        foreach (var (partition, link) in _links)
            if (link.Partition is null && link.LastAttempt < due) Subscribe(partition);
    }

    private void Subscribe(int partition)
    {
        _links[partition].LastAttempt = DateTimeOffset.UtcNow;
        _partitions.Tell(new SubscribePartition(_settings.Topic, partition, _settings.Group, Self, _settings.Prefetch, _generation, _settings.StartFrom));
    }

    private void Unsubscribe(int partition)
    {
        var command = new UnsubscribePartition(_settings.Topic, partition, _settings.Group, Self);
        if (_links.TryGetValue(partition, out var link) && link.Partition is not null) link.Partition.Tell(command);
        else _partitions.Tell(command);
    }

    /// <summary>Acks go straight to the partition actor that delivered; through sharding if it is not known (moved).</summary>
    private void ToPartition(int partition, IPartitionCommand command)
    {
        if (_links.TryGetValue(partition, out var link) && link.Partition is not null) link.Partition.Tell(command, Self);
        else _partitions.Tell(command, Self);
    }

    private sealed class PartitionLink
    {
        public IActorRef? Partition { get; set; }
        public DateTimeOffset LastAttempt { get; set; } = DateTimeOffset.MinValue;

        /// <summary>The consumed-messages counter's tags for this partition, built at its first delivery.</summary>
        public KeyValuePair<string, object?>[]? Tags { get; set; }
    }

    private sealed class FlushDeliveries : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static FlushDeliveries Instance { get; } = new();
        private FlushDeliveries() { }
    }

    private sealed class Heartbeat : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Heartbeat Instance { get; } = new();
        private Heartbeat() { }
    }
}
