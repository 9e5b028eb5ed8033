namespace Actors.Testing;

/// <summary>
/// One actor system for a whole spec class whose cases only use the system's services (serialization, say): xunit
/// builds the class anew for every case, and a <c>TestKit</c> per case starts and stops a cluster system each time,
/// over a second on a busy machine, for a round trip that takes microseconds. Use it as an <c>IClassFixture</c>.
/// </summary>
public sealed class SharedActorSystem : IDisposable
{
    public SharedActorSystem()
    {
        Sys = ActorSystem.Create("shared", TestConfig.ClusterNode());
        Actor = Sys.ActorOf(Props.Empty, "target");
    }

    public ActorSystem Sys { get; }

    /// <summary>A live actor of <see cref="Sys"/>, for messages that carry an actor ref.</summary>
    public IActorRef Actor { get; }

    public void Dispose() => Sys.Terminate().Wait(TimeSpan.FromSeconds(30));
}
