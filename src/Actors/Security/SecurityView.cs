namespace Actors.Security;

/// <summary>
/// A node's copy of the cluster's users and ACLs: it watches the <see cref="SecurityRegistry"/> singleton (through
/// its proxy), again every few seconds so a registry that moved to another node hears of it, and hands every newer
/// state to <see cref="Security"/>, where the doors read it.
/// </summary>
internal sealed class SecurityView : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(3);

    public SecurityView(IActorRef registry, Action<SecuritySnapshot> publish)
    {
        long version = -1;
        Receive<SecuritySnapshot>(snapshot =>
        {
            version = snapshot.Version;
            publish(snapshot);
        });
        Receive<WatchAgain>(_ => registry.Tell(new WatchSecurity(Self, version)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef registry, Action<SecuritySnapshot> publish) => Akka.Actor.Props.Create(() => new SecurityView(registry, publish));

    protected override void PreStart()
    {
        Self.Tell(WatchAgain.Instance);
        Timers.StartPeriodicTimer(WatchAgain.Instance, WatchAgain.Instance, WatchInterval);
    }

    private sealed class WatchAgain : INoSerializationVerificationNeeded
    {
        public static WatchAgain Instance { get; } = new();
        private WatchAgain() { }
    }
}
