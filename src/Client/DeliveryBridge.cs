using System.Threading.Channels;
using Actors.Partitions;

namespace Actors.Client;

/// <summary>
/// The consumer actor behind <see cref="GatewayClient.ConsumeAsync"/>: it takes the member's deliveries into a
/// channel the enumeration reads, passes refused acks to the caller's callback, and fails the channel with a
/// <see cref="ConnectionException"/> when the member on the node stops (the node left or died). The channel
/// needs no bound of its own: the member sends no more than the credit window.
/// </summary>
internal sealed class DeliveryBridge : ReceiveActor
{
    public DeliveryBridge(ChannelWriter<ConsumedMessage> deliveries, Action<AckRejected>? ackRejected)
    {
        Receive<Delivery>(delivery => deliveries.TryWrite(new ConsumedMessage(delivery, Sender)));
        Receive<AckRejected>(rejected => ackRejected?.Invoke(rejected));
        // The group was deleted with its topic: say so, rather than the member's stop as a lost connection.
        Receive<Actors.Consumers.GroupStopped>(stopped => deliveries.TryComplete(new TopicException(stopped.Reason)));
        Receive<WatchMember>(watch => Context.WatchWith(watch.Member, new MemberStopped(watch.Consumer)));
        Receive<MemberStopped>(stopped => deliveries.TryComplete(
            new ConnectionException($"the node stopped serving the consumer of {stopped.Consumer} (did it leave or die?)")));
    }

    public static Props Props(ChannelWriter<ConsumedMessage> deliveries, Action<AckRejected>? ackRejected) =>
        Akka.Actor.Props.Create(() => new DeliveryBridge(deliveries, ackRejected));

    /// <summary>Watch the group member the node started for this consumer; <paramref name="Consumer"/> names it in errors.</summary>
    public sealed record WatchMember(IActorRef Member, string Consumer) : INoSerializationVerificationNeeded;

    private sealed record MemberStopped(string Consumer) : INoSerializationVerificationNeeded;
}
