using System.Diagnostics;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// One message read by <see cref="GatewayClient.ConsumeAsync"/>: where it came from, what it holds, and the
/// ack that commits it (or the nack that asks for it again). Each ack grants the node one more delivery.
/// </summary>
public sealed class ConsumedMessage
{
    private readonly IActorRef _member;
    private readonly IActorRef _bridge;

    internal ConsumedMessage(Delivery delivery, IActorRef member, IActorRef bridge)
    {
        Delivery = delivery;
        _member = member;
        _bridge = bridge;
    }

    /// <summary>The delivery as the node sent it.</summary>
    public Delivery Delivery { get; }

    public TopicName Topic => Delivery.Topic;

    public int Partition => Delivery.Partition;

    public long Offset => Delivery.Offset;

    /// <summary>How many times this message has been delivered to the group, this time included.</summary>
    public int Attempt => Delivery.Attempt;

    public string? Key => Delivery.Message.Key;

    public byte[] Payload => Delivery.Message.Payload;

    public IReadOnlyDictionary<string, string> Headers => Delivery.Message.Headers;

    /// <summary>
    /// The W3C trace context the message carries (its publisher's span), default when none: the parent for the
    /// caller's own processing span, or <see cref="StartProcessing"/>.
    /// </summary>
    public ActivityContext TraceContext => Diagnostics.MessageTracing.Extract(Headers);

    /// <summary>
    /// Starts a consumer span <c>process {topic}</c> in this program, child of the publisher's span, while a listener
    /// samples the <c>Actors</c> source (null otherwise). It is <see cref="Activity.Current"/> (spans started while
    /// processing are its children) until disposed, when the message is processed.
    /// </summary>
    public Activity? StartProcessing() => Diagnostics.MessageTracing.StartProcess(Topic.Value, Partition, Delivery.Group.Value, Headers, detached: false);

    /// <summary>The message is processed: the group will not get it again (sent with the other acks made meanwhile).</summary>
    public void Ack() => _bridge.Tell(new DeliveryBridge.PendingAck(Delivery.ToAck(), _member));

    /// <summary>The message failed: deliver it again after <paramref name="delay"/> (or dead-letter it at the last attempt).</summary>
    public void Nack(TimeSpan delay = default) => _member.Tell(Delivery.ToNack(delay));
}
