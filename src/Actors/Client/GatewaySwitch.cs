namespace Actors.Client;

/// <summary>
/// The gateway a client outside the cluster talks to now. A client that loses its node moves it to another node's
/// gateway (<see cref="SwitchTo"/>); everything sent through a <see cref="TopicClient"/> made over it follows, and
/// its idempotent producer sends again, in order, whatever was on its way through the old node.
/// </summary>
public sealed class GatewaySwitch(IActorRef gateway)
{
    private readonly Lock _gate = new();
    private readonly List<IActorRef> _listeners = [];
    private IActorRef _current = gateway;

    /// <summary>The gateway requests go to now.</summary>
    public IActorRef Current => Volatile.Read(ref _current);

    /// <summary>Sends everything from now on to <paramref name="gateway"/>, and tells the producers to resend what may be lost.</summary>
    public void SwitchTo(IActorRef gateway)
    {
        IActorRef[] listeners;
        lock (_gate)
        {
            Volatile.Write(ref _current, gateway);
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners) listener.Tell(GatewaySwitched.Instance);
    }

    /// <summary>Tells <paramref name="listener"/> <see cref="GatewaySwitched"/> at every switch.</summary>
    internal void Listen(IActorRef listener)
    {
        lock (_gate) _listeners.Add(listener);
    }
}

/// <summary>The client moved to another node's gateway (see <see cref="GatewaySwitch"/>).</summary>
internal sealed class GatewaySwitched : INoSerializationVerificationNeeded
{
    public static GatewaySwitched Instance { get; } = new();

    private GatewaySwitched()
    {
    }
}
