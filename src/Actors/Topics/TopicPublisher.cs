using Actors.Partitions;

namespace Actors.Topics;

/// <summary>
/// The actor behind a topic ref, one per topic per node. It learns the topic's spec from the registry
/// once (creating the topic if auto-create allows), checks each publish (size), picks its partition
/// (key hash, or round robin without a key) and forwards it to the partition entity, keeping the
/// original sender so the confirm goes straight back to the publisher.
/// </summary>
public sealed class TopicRouter : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TopicName _topic;
    private readonly IActorRef _registry;
    private readonly IActorRef _partitions;
    private TopicSpec _spec = null!;
    private int _roundRobin;

    public TopicRouter(TopicName topic, IActorRef registry, IActorRef partitions)
    {
        _topic = topic;
        _registry = registry;
        _partitions = partitions;
        Resolving();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TopicName topic, IActorRef registry, IActorRef partitions) =>
        Akka.Actor.Props.Create(() => new TopicRouter(topic, registry, partitions));

    protected override void PreStart() => AskRegistry();

    private void AskRegistry()
    {
        _registry.Tell(new GetTopic(_topic, CreateIfMissing: true));
        Timers.StartSingleTimer(RetryLookup.Instance, RetryLookup.Instance, TimeSpan.FromSeconds(2));
    }

    private void Resolving()
    {
        Receive<TopicInfo>(info =>
        {
            _spec = info.Spec;
            Timers.Cancel(RetryLookup.Instance);
            Become(Ready);
            Stash.UnstashAll();
        });
        Receive<TopicNotFound>(notFound =>
        {
            Timers.Cancel(RetryLookup.Instance);
            foreach (var envelope in Stash.ClearStash()) Refuse(envelope.Message, envelope.Sender, notFound.Reason);
            Become(NotFound);
        });
        Receive<RetryLookup>(_ =>
        {
            _log.Debug("topic {0}: registry has not answered yet; asking again", _topic);
            AskRegistry();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>The topic did not exist: the next publish asks the registry again (it may have been created since).</summary>
    private void NotFound()
    {
        ReceiveAny(message =>
        {
            Stash.Stash();
            Become(Resolving);
            AskRegistry();
        });
    }

    private void Ready()
    {
        Receive<Publish>(HandlePublish);
        Receive<IPartitionCommand>(command => _partitions.Forward(command));
        Receive<TopicInfo>(_ => { });
        Receive<RetryLookup>(_ => { });
    }

    private void HandlePublish(Publish publish)
    {
        var message = new TopicMessage(publish.Key, publish.Payload, publish.Headers ?? TopicMessage.NoHeaders, default);
        if (message.Size > _spec.MaxMessageBytes)
        {
            Sender.Tell(new PublishRejected(_topic, $"message of {message.Size} bytes exceeds the limit of {_spec.MaxMessageBytes} bytes", publish.CorrelationId));
            return;
        }

        var partition = publish.Key is null
            ? (int)((uint)_roundRobin++ % (uint)_spec.Partitions)
            : KeyHash.Partition(publish.Key, _spec.Partitions);
        _partitions.Tell(new Append(_topic, partition, message, publish.CorrelationId), Sender);
    }

    private void Refuse(object message, IActorRef sender, string reason)
    {
        if (message is Publish publish) sender.Tell(new PublishRejected(_topic, reason, publish.CorrelationId));
        else sender.Tell(new TopicNotFound(_topic, reason));
    }

    private sealed class RetryLookup : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static RetryLookup Instance { get; } = new();
        private RetryLookup() { }
    }
}
