using Actors.Partitions;

namespace Actors.Topics;

/// <summary>
/// The publishing side of a topic: the actor behind a topic ref, one per topic per node. It learns the
/// topic's spec from the registry once (creating the topic if auto-create allows), picks each publish's
/// partition (the one the publish names, as an idempotent producer does; else key hash, or round robin without a
/// key) and forwards it, with its producer sequence, to the partition entity as an
/// <see cref="Append"/>, keeping the original sender so the confirm (or refusal, such as a message over the
/// size limit, which the partition checks) goes straight back to the publisher.
/// </summary>
internal sealed class TopicPublisher : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private readonly TopicName _topic;
    private readonly IActorRef _partitions;
    private readonly TopicLookup _lookup;
    private TopicSpec _spec = null!;
    private int _roundRobin;

    public TopicPublisher(TopicName topic, IActorRef registry, IActorRef partitions, TimeSpan lookupRetryInterval)
    {
        _topic = topic;
        _partitions = partitions;
        _lookup = TopicLookup.For(this, Context.GetLogger(), registry, new GetTopic(topic, CreateIfMissing: true), lookupRetryInterval);
        Resolving();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TopicName topic, IActorRef registry, IActorRef partitions, TimeSpan lookupRetryInterval) =>
        Akka.Actor.Props.Create(() => new TopicPublisher(topic, registry, partitions, lookupRetryInterval));

    /// <summary>Its name under <c>/system</c> on every node, where a topic's deletion tells it to forget the topic.</summary>
    public static string ActorName(TopicName topic) => "topic-" + topic.Value;

    protected override void PreStart() => _lookup.Ask();

    private void Resolving() => ReceiveAny(message => _lookup.Resolving(message, OnFound, OnNotFound));

    private void OnFound(TopicSpec spec)
    {
        _spec = spec;
        Become(Ready);
    }

    private void OnNotFound(TopicNotFound notFound, IEnumerable<Envelope> waiting)
    {
        foreach (var envelope in waiting) Refuse(envelope.Message, envelope.Sender, notFound.Reason);
        Become(NotFound);
    }

    /// <summary>The topic did not exist: the next publish asks the registry again (it may have been created since).</summary>
    private void NotFound()
    {
        ReceiveAny(_ =>
        {
            Stash.Stash();
            Become(Resolving);
            _lookup.Ask();
        });
    }

    private void Ready()
    {
        Receive<Publish>(HandlePublish);
        Receive<IPartitionCommand>(command => _partitions.Forward(command));
        Receive<ForgetTopic>(_ => Become(NotFound));
        Receive<object>(TopicLookup.IsLate, _ => { });
    }

    private void HandlePublish(Publish publish)
    {
        var message = new TopicMessage(publish.Key, publish.Payload, publish.Headers ?? TopicMessage.NoHeaders, default);
        var partition = publish.Partition ?? (publish.Key is null
            ? (int)((uint)_roundRobin++ % (uint)_spec.Partitions)
            : KeyHash.Partition(publish.Key, _spec.Partitions));
        if (partition < 0 || partition >= _spec.Partitions)
        {
            Sender.Tell(new PublishRejected(_topic, $"topic '{_topic}' has no partition {partition} (it has {_spec.Partitions})", publish.CorrelationId, PublishError.UnknownPartition));
            return;
        }

        _partitions.Tell(new Append(_topic, partition, message, publish.CorrelationId, publish.Producer), Sender);
    }

    private void Refuse(object message, IActorRef sender, string reason)
    {
        if (message is Publish publish) sender.Tell(new PublishRejected(_topic, reason, publish.CorrelationId));
        else sender.Tell(new TopicNotFound(_topic, reason));
    }
}
