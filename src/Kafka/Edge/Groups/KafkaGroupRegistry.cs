using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// The names of every Kafka group the cluster has seen, for ListGroups: sharding only knows the groups whose
/// entities are running, and a group with committed offsets but no members must still be listed. One persistent
/// entity (region <c>kafka-group-registry</c>), journaling each new name once; groups tell it they exist on their
/// first join or commit after each start, and it acknowledges, so a lost message is sent again.
/// </summary>
public sealed class KafkaGroupRegistry : ReceivePersistentActor
{
    /// <summary>The registry's one entity id.</summary>
    public const string EntityId = "registry";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly KafkaGroupsSettings _settings;
    private readonly List<string> _names = [];
    private readonly HashSet<string> _known = [];

    public KafkaGroupRegistry(KafkaGroupsSettings settings)
    {
        _settings = settings;
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is KafkaGroupRegistrySnapshot snapshot) foreach (var name in snapshot.GroupIds) Add(name);
        });
        Recover<KafkaGroupAdded>(added => Add(added.GroupId));
        Command<RegisterKafkaGroup>(HandleRegister);
        Command<ListKafkaGroups>(_ => Sender.Tell(new KafkaGroupNames(_names.ToList())));
        Command<SaveSnapshotSuccess>(saved => DeleteMessages(saved.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed => _log.Warning("kafka group registry: snapshot not saved: {0}", failed.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    public override string PersistenceId => "kafka-group-registry";

    public static Props Props(KafkaGroupsSettings settings) => Akka.Actor.Props.Create(() => new KafkaGroupRegistry(settings));

    private void HandleRegister(RegisterKafkaGroup register)
    {
        if (_known.Contains(register.GroupId))
        {
            Sender.Tell(new KafkaGroupRegistered(register.GroupId));
            return;
        }

        var sender = Sender;
        Persist(new KafkaGroupAdded(register.GroupId), added =>
        {
            Add(added.GroupId);
            sender.Tell(new KafkaGroupRegistered(added.GroupId));
            if (LastSequenceNr % _settings.SnapshotEvery == 0) SaveSnapshot(new KafkaGroupRegistrySnapshot(_names.ToList()));
        });
    }

    private void Add(string name)
    {
        if (_known.Add(name)) _names.Add(name);
    }
}
