using Akka.Persistence;

namespace Actors.Nodes.Hosting.Health;

/// <summary>
/// A persistent actor whose only job is to write to the journal when its parent, the
/// <see cref="JournalHealthMonitor"/>, asks: each <see cref="Probe"/> journals one small event (a timestamp) and
/// answers <see cref="Written"/> once it is durable, or <see cref="Failed"/> with the journal's reason. It uses the
/// node's own persistence id (<c>node-health-HOST-PORT</c>), so nodes sharing a journal never write the same
/// stream, and deletes its old events now and then, so it keeps next to nothing stored. A failed write or
/// recovery stops it (as Akka stops any persistent actor then); the monitor starts a new one.
/// </summary>
internal sealed class JournalProbe : ReceivePersistentActor
{
    /// <summary>Events are deleted once this many have been written since the last deletion.</summary>
    private const int DeleteEvery = 50;

    public JournalProbe(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<long>(_ => { });
        Command<Probe>(_ => Persist(DateTime.UtcNow.Ticks, _ =>
        {
            Context.Parent.Tell(Written.Instance);
            if (LastSequenceNr % DeleteEvery == 0) DeleteMessages(LastSequenceNr);
        }));
        // A failed deletion leaves a few probe events behind; the next probe tells whether writes still work.
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new JournalProbe(persistenceId));

    /// <summary>The persistence id of the probe of the node at <paramref name="address"/>.</summary>
    public static string PersistenceIdOf(Address address) => $"node-health-{address.Host}-{address.Port}";

    // Not base: the monitor decides what a failure means and logs it once; Akka stops this actor after these.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Context.Parent.Tell(new Failed(Describe(cause)));

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Context.Parent.Tell(new Failed($"write rejected: {Describe(cause)}"));

    protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
        Context.Parent.Tell(new Failed($"cannot read it: {Describe(reason)}"));

    /// <summary>The innermost reason on one line: the database's own words ("attempt to write a readonly database").</summary>
    internal static string Describe(Exception cause) => cause.GetBaseException().Message.ReplaceLineEndings(" ").Trim();

    /// <summary>Write one event now.</summary>
    public sealed class Probe : INoSerializationVerificationNeeded
    {
        public static Probe Instance { get; } = new();
        private Probe() { }
    }

    /// <summary>The probe's event is durable: the journal takes writes.</summary>
    public sealed class Written : INoSerializationVerificationNeeded
    {
        public static Written Instance { get; } = new();
        private Written() { }
    }

    /// <summary>The probe's write (or the probe's recovery) failed, for this reason.</summary>
    public sealed record Failed(string Reason) : INoSerializationVerificationNeeded;
}
