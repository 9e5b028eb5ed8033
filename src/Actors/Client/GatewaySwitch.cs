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
    private DataLink? _link;

    /// <summary>The gateway requests go to now.</summary>
    public IActorRef Current => Volatile.Read(ref _current);

    /// <summary>The data link to the current node, while one is open: publish batches go on it rather than through <see cref="Current"/>.</summary>
    public DataLink? Link => Volatile.Read(ref _link) is { IsOpen: true } link ? link : null;

    /// <summary>Sends everything from now on to <paramref name="gateway"/>, and tells the producers to resend what may be lost.</summary>
    public void SwitchTo(IActorRef gateway)
    {
        IActorRef[] listeners;
        DataLink? old;
        lock (_gate)
        {
            Volatile.Write(ref _current, gateway);
            // The link went to the old node: until one is opened to the new node, batches go through its gateway.
            old = Interlocked.Exchange(ref _link, null);
            listeners = [.. _listeners];
        }

        old?.Dispose();
        foreach (var listener in listeners) listener.Tell(GatewaySwitched.Instance);
    }

    /// <summary>Sends publish batches over <paramref name="link"/> (to the current node) from now on.</summary>
    public void UseLink(DataLink link)
    {
        DataLink? old;
        lock (_gate) old = Interlocked.Exchange(ref _link, link);
        old?.Dispose();
    }

    /// <summary>
    /// <paramref name="link"/> ended: batches go through the gateway again, and the producers resend what was on its way
    /// on the link (their sends are idempotent, so what did arrive is not written twice).
    /// </summary>
    public void LinkLost(DataLink link)
    {
        IActorRef[] listeners;
        lock (_gate)
        {
            if (Interlocked.CompareExchange(ref _link, null, link) != link) return;
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
