using System.Text;
using Actors.Consumers;
using Actors.Partitions;

namespace Actors.Tests.Routing;

/// <summary>
/// A routee for specs: tells the collector <c>"name|message"</c> for every message (for a delivery,
/// <c>"name|topic|key|body"</c>, and acks it), and answers <c>"ping:x"</c> with <c>"pong:name"</c>. Plain strings,
/// so it works across nodes without serializers of its own.
/// </summary>
public sealed class Recorder : ReceiveActor
{
    public Recorder(string name, IActorRef collector)
    {
        Receive<Delivery>(delivery =>
        {
            collector.Tell($"{name}|{delivery.Topic}|{delivery.Message.Key}|{Encoding.UTF8.GetString(delivery.Message.Payload)}");
            Sender.Tell(delivery.ToAck());
        });
        Receive<string>(message =>
        {
            collector.Tell($"{name}|{message}");
            if (message.StartsWith("ping:", StringComparison.Ordinal)) Sender.Tell($"pong:{name}");
        });
    }

    public static Props Props(string name, IActorRef collector) => Akka.Actor.Props.Create(() => new Recorder(name, collector));

    /// <summary>Splits what a recorder told the collector into the routee's name and the rest.</summary>
    public static (string Routee, string Message) Parse(string recorded)
    {
        var bar = recorded.IndexOf('|', StringComparison.Ordinal);
        return (recorded[..bar], recorded[(bar + 1)..]);
    }
}
