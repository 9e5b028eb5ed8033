using Actors.Consumers;
using Akka.Persistence;

namespace Actors.Topics;

/// <summary>
/// The cluster-wide catalogue of topics: a persistent actor run as a cluster singleton, so every node
/// agrees on each topic's partition count and settings. Creating a topic also creates its dead-letter
/// topic. Only metadata passes through here (routers and partitions cache it); messages never do.
/// </summary>
internal sealed partial class TopicRegistry : ReceivePersistentActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TopicsSettings _settings;
    private readonly Dictionary<TopicName, TopicSpec> _topics = [];
    private readonly HashSet<IActorRef> _watchers = [];
    private readonly Dictionary<GroupName, string> _groupNames = [];

    public TopicRegistry(TopicsSettings settings)
    {
        _settings = settings;
        Recover<TopicCreated>(e => _topics[e.Spec.Name] = e.Spec);
        Recover<GroupNameClaimed>(e => _groupNames.TryAdd(e.Group, e.Kind));
        Command<ClaimGroupName>(HandleClaimGroupName);
        Command<GetTopic>(HandleGetTopic);
        Command<CreateTopic>(HandleCreateTopic);
        Command<ListTopics>(_ => Sender.Tell(new TopicList(_topics.Values.OrderBy(t => t.Name.Value, StringComparer.Ordinal).ToList())));
        Command<WatchTopics>(HandleWatch);
        Command<Terminated>(t => _watchers.Remove(t.ActorRef));
        DeletionHandlers();
    }

    public override string PersistenceId => "topic-registry";

    public static Props Props(TopicsSettings settings) => Akka.Actor.Props.Create(() => new TopicRegistry(settings));

    private void HandleGetTopic(GetTopic get)
    {
        if (_topics.TryGetValue(get.Topic, out var spec)) Sender.Tell(new TopicInfo(spec));
        else if (BeingDeleted(get.Topic) is { } deleting) Sender.Tell(new TopicNotFound(get.Topic, deleting));
        else if (!get.CreateIfMissing) Sender.Tell(new TopicNotFound(get.Topic, $"topic '{get.Topic}' does not exist"));
        else if (!_settings.AutoCreate) Sender.Tell(new TopicNotFound(get.Topic, $"topic '{get.Topic}' does not exist and actors.topics.auto-create is off"));
        else if (TopicName.RefusedForUsers(get.Topic.Value, _settings.DeadLetterSuffix) is { } refused) Sender.Tell(new TopicNotFound(get.Topic, refused));
        else if (TooMany(get.Topic) is { } full) Sender.Tell(full);
        else Create(_settings.DefaultSpec(get.Topic));
    }

    private void HandleCreateTopic(CreateTopic create)
    {
        if (_topics.TryGetValue(create.Topic, out var existing))
        {
            Sender.Tell(new TopicInfo(existing));
            return;
        }

        // Only the system creates a dead-letter topic (with its topic, in Create); one that exists is answered above.
        if ((TopicName.RefusedForUsers(create.Topic.Value, _settings.DeadLetterSuffix) ?? Invalid(create) ?? BeingDeleted(create.Topic)) is { } reason)
        {
            Sender.Tell(new TopicNotFound(create.Topic, reason));
            return;
        }

        if ((TooManyPartitions(create) ?? TooMany(create.Topic)) is { } limit)
        {
            Sender.Tell(limit);
            return;
        }

        var spec = _settings.DefaultSpec(create.Topic, create.Partitions);
        Create(spec with
        {
            RetentionAge = create.RetentionAge ?? spec.RetentionAge,
            RetentionMessages = create.RetentionMessages ?? spec.RetentionMessages,
            RetentionBytes = create.RetentionBytes ?? spec.RetentionBytes,
            Overflow = create.Overflow ?? spec.Overflow,
            Cleanup = create.Cleanup ?? spec.Cleanup,
        });
    }

    /// <summary>A partition count past <c>max-partitions-per-topic</c> (or below 1), refused with the setting to raise.</summary>
    private TopicNotFound? TooManyPartitions(CreateTopic create) => create.Partitions is { } asked && (asked < 1 || asked > _settings.MaxPartitionsPerTopic)
        ? new TopicNotFound(create.Topic, $"a topic may have 1 to {_settings.MaxPartitionsPerTopic} partitions (actors.topics.max-partitions-per-topic), not {create.Partitions}")
        {
            Refusal = TopicRefusal.Partitions,
        }
        : null;

    /// <summary>
    /// A new topic past <c>max-topics</c>, refused with the count. The dead-letter topics the system creates do not
    /// count: each goes with its topic, so they would only halve the limit.
    /// </summary>
    private TopicNotFound? TooMany(TopicName topic)
    {
        var count = _topics.Keys.Count(t => !IsDeadLetterTopic(t));
        return count < _settings.MaxTopics
            ? null
            : new TopicNotFound(topic, $"cannot create topic '{topic}': the cluster has {count} topics, the most actors.topics.max-topics allows; delete one first")
            {
                Refusal = TopicRefusal.TopicLimit,
            };
    }

    private bool IsDeadLetterTopic(TopicName topic) =>
        _settings.DeadLetterSuffix.Length > 0 && topic.Value.EndsWith(_settings.DeadLetterSuffix, StringComparison.Ordinal);

    private static string? Invalid(CreateTopic create) => create switch
    {
        { RetentionAge: { } age } when age <= TimeSpan.Zero => $"retention by age must be positive, not {age}",
        { RetentionMessages: < 1 } => $"retention by count must keep at least 1 message, not {create.RetentionMessages}",
        { RetentionBytes: < 1 } => $"retention by bytes must keep at least 1 byte, not {create.RetentionBytes}",
        { Overflow: { } overflow } when !Enum.IsDefined(overflow) => $"unknown overflow policy {(int)overflow}",
        { Cleanup: { } cleanup } when !Enum.IsDefined(cleanup) => $"unknown cleanup policy {(int)cleanup}",
        _ => null,
    };

    /// <summary>Persists the topic and its dead-letter topic, then answers and tells the watchers.</summary>
    private void Create(TopicSpec spec)
    {
        var created = new List<TopicCreated> { new(spec) };
        if (spec.DeadLetterTopic(_settings.DeadLetterSuffix) is { } dlq && !_topics.ContainsKey(dlq))
            created.Add(new TopicCreated(spec.ForDeadLetters(dlq)));
        var sender = Sender;
        PersistAll(created, e =>
        {
            _topics[e.Spec.Name] = e.Spec;
            _log.Info("topic created: {0} with {1} partitions", e.Spec.Name, e.Spec.Partitions);
            foreach (var watcher in _watchers) watcher.Tell(e);
            if (e.Spec.Name == spec.Name) sender.Tell(new TopicInfo(spec));
        });
    }

    /// <summary>
    /// The first claim of a group name wins and is journaled; every later claim is answered with that owner, so a
    /// name is a native group's or a Kafka group's on every node, never both. Claims outlive topics: a Kafka group
    /// reads many topics, and a native name may come back on another topic.
    /// </summary>
    private void HandleClaimGroupName(ClaimGroupName claim)
    {
        if (_groupNames.TryGetValue(claim.Group, out var owner))
        {
            Sender.Tell(new GroupNameOwner(claim.Group, owner));
            return;
        }

        var sender = Sender;
        Persist(new GroupNameClaimed(claim.Group, claim.Kind), e =>
        {
            _groupNames.TryAdd(e.Group, e.Kind);
            sender.Tell(new GroupNameOwner(e.Group, _groupNames[e.Group]));
        });
    }

    private void HandleWatch(WatchTopics watch)
    {
        if (_watchers.Add(watch.Watcher)) Context.Watch(watch.Watcher);
        foreach (var spec in _topics.Values) watch.Watcher.Tell(new TopicCreated(spec));
    }
}
