using Akka.Cluster.Sharding;
using Akka.Persistence;

namespace Actors.Topics;

/// <summary>
/// The registry's part of a topic's deletion. It journals that the deletion began and forgets the topic at once,
/// so nothing finds it or creates it again while a <see cref="TopicDeletion"/> child deletes its partitions and
/// groups; the name stays taken (refused to lookups and creates) until the child is done and the end is journaled.
/// A registry that recovers with deletions still open (its node died midway) starts them again.
/// </summary>
internal sealed partial class TopicRegistry
{
    private readonly Dictionary<TopicName, int> _deleting = [];
    private readonly List<DeletionRequest> _deletionRequests = [];
    private int _deletionsStarted;

    private void DeletionHandlers()
    {
        Recover<TopicDeletionStarted>(started =>
        {
            _topics.Remove(started.Topic);
            _deleting[started.Topic] = started.Partitions;
        });
        Recover<TopicDeletionFinished>(finished => _deleting.Remove(finished.Topic));
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var (topic, partitions) in _deleting) StartDeletion(topic, partitions);
        });
        Command<DeleteTopic>(HandleDeleteTopic);
        Command<TopicDeletion.Finished>(HandleDeletionFinished);
    }

    /// <summary>The refusal for a name whose deletion has not ended; null for any other name.</summary>
    private string? BeingDeleted(TopicName topic) =>
        _deleting.ContainsKey(topic) ? $"topic '{topic}' is being deleted; try again once that is done" : null;

    /// <summary>Deletes the topic and its dead-letter topic; a request for a deletion under way waits for it to end.</summary>
    private void HandleDeleteTopic(DeleteTopic delete)
    {
        if (!_topics.ContainsKey(delete.Topic) && !_deleting.ContainsKey(delete.Topic))
        {
            Sender.Tell(new TopicNotFound(delete.Topic, $"topic '{delete.Topic}' does not exist"));
            return;
        }

        var names = new List<TopicName> { delete.Topic };
        var deadLetters = delete.Topic.Value + _settings.DeadLetterSuffix;
        if (!delete.Topic.Value.EndsWith(_settings.DeadLetterSuffix, StringComparison.Ordinal) && TopicName.IsValid(deadLetters)
            && new TopicName(deadLetters) is var name && (_topics.ContainsKey(name) || _deleting.ContainsKey(name)))
            names.Add(name);
        _deletionRequests.Add(new DeletionRequest(Sender, delete.Topic, names));

        var starting = names.Where(_topics.ContainsKey).Select(name => new TopicDeletionStarted(name, _topics[name].Partitions)).ToList();
        PersistAll(starting, started =>
        {
            _topics.Remove(started.Topic);
            _deleting[started.Topic] = started.Partitions;
            _log.Info("topic deleting: {0} ({1} partitions)", started.Topic, started.Partitions);
            StartDeletion(started.Topic, started.Partitions);
        });
    }

    private void StartDeletion(TopicName topic, int partitions)
    {
        var sharding = ClusterSharding.Get(Context.System);
        var deletion = TopicDeletion.Props(topic, partitions, sharding.ShardRegion(Broker.PartitionTypeName), sharding.ShardRegion(Broker.GroupTypeName),
            _settings.LookupRetryInterval);
        // A name of its own each time: a finished deletion's child may still be stopping when the topic is deleted again.
        Context.ActorOf(deletion, $"delete-{topic.Value}-{++_deletionsStarted}");
    }

    private void HandleDeletionFinished(TopicDeletion.Finished finished) =>
        Persist(new TopicDeletionFinished(finished.Topic), _ =>
        {
            _deleting.Remove(finished.Topic);
            _log.Info("topic deleted: {0} ({1} partitions, groups [{2}])", finished.Topic, finished.Partitions, string.Join(",", finished.Groups));
            foreach (var request in _deletionRequests.ToList())
            {
                if (!request.Pending.Remove(finished.Topic)) continue;
                request.Partitions += finished.Partitions;
                foreach (var group in finished.Groups) request.Groups.Add(group.Value);
                if (request.Pending.Count > 0) continue;
                request.Requester.Tell(new TopicDeleted(request.Topic, request.Topics, request.Partitions,
                    request.Groups.Select(g => new GroupName(g)).ToList()));
                _deletionRequests.Remove(request);
            }
        });

    /// <summary>Who asked for a deletion, and what is left of it.</summary>
    private sealed class DeletionRequest(IActorRef requester, TopicName topic, IReadOnlyList<TopicName> topics)
    {
        public IActorRef Requester { get; } = requester;
        public TopicName Topic { get; } = topic;
        public IReadOnlyList<TopicName> Topics { get; } = topics;
        public HashSet<TopicName> Pending { get; } = [.. topics];
        public int Partitions { get; set; }
        public SortedSet<string> Groups { get; } = new(StringComparer.Ordinal);
    }
}
