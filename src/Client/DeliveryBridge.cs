using Actors.Gateway;
using System.Threading.Channels;
using Actors.Partitions;

namespace Actors.Client;

/// <summary>
/// The consumer actor behind <see cref="GatewayClient.ConsumeAsync"/>: it takes the member's deliveries (one by one
/// or in <see cref="DeliveryBatch"/>es) into a channel the enumeration reads, passes refused acks to the caller's
/// callback, and fails the channel with a <see cref="ConnectionException"/> when the member on the node stops (the
/// node left or died). The channel needs no bound of its own: the member sends no more than the credit window.
/// Acks come here first: those made while it worked go to the member together, one <see cref="AckBatch"/> per
/// partition, consecutive offsets as one range.
/// </summary>
internal sealed class DeliveryBridge : ReceiveActor
{
    private readonly Dictionary<(IActorRef Member, int Partition), List<Ack>> _acks = [];

    public DeliveryBridge(ChannelWriter<ConsumedMessage> deliveries, Action<AckRejected>? ackRejected, TaskCompletionSource<ConsumerOpened>? opened = null)
    {
        // Opened over the data link, the answer comes here (the bridge is the sender there).
        Receive<ConsumerOpened>(answer => opened?.TrySetResult(answer));
        Receive<Status.Failure>(failure => opened?.TrySetException(failure.Cause));
        Receive<Delivery>(delivery => deliveries.TryWrite(new ConsumedMessage(delivery, Sender, Self)));
        Receive<DeliveryBatch>(batch =>
        {
            foreach (var delivery in batch.Deliveries) deliveries.TryWrite(new ConsumedMessage(delivery, Sender, Self));
        });
        Receive<PendingAck>(pending => Buffer(pending));
        Receive<FlushAcks>(_ => SendAcks());
        Receive<Leave>(leave =>
        {
            SendAcks();
            leave.Member.Tell(PoisonPill.Instance);
            Context.Stop(Self);
        });
        Receive<AckRejected>(rejected => ackRejected?.Invoke(rejected));
        // The group was deleted with its topic: say so, rather than the member's stop as a lost connection.
        Receive<Actors.Consumers.GroupStopped>(stopped => deliveries.TryComplete(new TopicException(stopped.Reason)));
        Receive<WatchMember>(watch => Context.WatchWith(watch.Member, new MemberStopped(watch.Consumer)));
        Receive<MemberStopped>(stopped => deliveries.TryComplete(
            new ConnectionException($"the node stopped serving the consumer of {stopped.Consumer} (did it leave or die?)")));
    }

    /// <summary><paramref name="opened"/> takes the answer to an <see cref="OpenConsumer"/> sent on the data link with the bridge as its sender.</summary>
    public static Props Props(ChannelWriter<ConsumedMessage> deliveries, Action<AckRejected>? ackRejected, TaskCompletionSource<ConsumerOpened>? opened = null) =>
        Akka.Actor.Props.Create(() => new DeliveryBridge(deliveries, ackRejected, opened));

    /// <summary>The first waiting ack asks for a flush behind the acks already in the mailbox: those join it.</summary>
    private void Buffer(PendingAck pending)
    {
        if (_acks.Count == 0) Self.Tell(FlushAcks.Instance);
        var key = (pending.Member, pending.Ack.Partition);
        if (!_acks.TryGetValue(key, out var acks)) _acks[key] = acks = [];
        acks.Add(pending.Ack);
    }

    private void SendAcks()
    {
        foreach (var ((member, partition), acks) in _acks)
            member.Tell(new AckBatch(acks[0].Topic, partition, acks[0].Group, OffsetRange.Of(acks.Select(a => a.Offset))), Self);
        _acks.Clear();
    }

    /// <summary>The consumer is done: send the acks made before this, then stop <paramref name="Member"/> (it leaves the group) and the bridge.</summary>
    public sealed record Leave(IActorRef Member) : INoSerializationVerificationNeeded;

    /// <summary>A consumed message's ack, for <paramref name="Member"/> (which delivered it).</summary>
    public sealed record PendingAck(Ack Ack, IActorRef Member) : INoSerializationVerificationNeeded;

    private sealed class FlushAcks : INoSerializationVerificationNeeded
    {
        public static FlushAcks Instance { get; } = new();
        private FlushAcks() { }
    }

    /// <summary>Watch the group member the node started for this consumer; <paramref name="Consumer"/> names it in errors.</summary>
    public sealed record WatchMember(IActorRef Member, string Consumer) : INoSerializationVerificationNeeded;

    private sealed record MemberStopped(string Consumer) : INoSerializationVerificationNeeded;
}
