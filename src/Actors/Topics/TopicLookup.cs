namespace Actors.Topics;

/// <summary>
/// The one way an actor that cannot work without its topic's spec gets it (topic publishers, partitions, group
/// coordinators): ask the topic registry, ask again every retry interval while the registry (a cluster singleton,
/// which may be moving) does not answer, and stash every other message meanwhile. The actor decides what a found
/// or a missing topic means for it; its stash is replayed once it has become ready, or handed over with the refusal.
/// </summary>
internal sealed class TopicLookup
{
    private readonly IWithUnboundedStash _stashOwner;
    private readonly IWithTimers _timerOwner;
    private readonly ILoggingAdapter _log;
    private readonly IActorRef _registry;
    private readonly GetTopic _request;
    private readonly TimeSpan _retryInterval;

    private TopicLookup(IWithUnboundedStash stashOwner, IWithTimers timerOwner, ILoggingAdapter log, IActorRef registry, GetTopic request, TimeSpan retryInterval)
    {
        _stashOwner = stashOwner;
        _timerOwner = timerOwner;
        _log = log;
        _registry = registry;
        _request = request;
        _retryInterval = retryInterval;
    }

    /// <summary>The lookup of <paramref name="request"/>'s topic for <paramref name="actor"/>, using its stash and timers.</summary>
    public static TopicLookup For<TActor>(TActor actor, ILoggingAdapter log, IActorRef registry, GetTopic request, TimeSpan retryInterval)
        where TActor : IWithUnboundedStash, IWithTimers =>
        new(actor, actor, log, registry, request, retryInterval);

    /// <summary>
    /// Asks the registry (again); the answer comes to the actor's mailbox. Call it from the actor's own
    /// message handling (or start-up), so the registry answers the actor.
    /// </summary>
    public void Ask()
    {
        _registry.Tell(_request);
        _timerOwner.Timers.StartSingleTimer(Retry.Instance, Retry.Instance, _retryInterval);
    }

    /// <summary>
    /// Handles one message while the spec is unknown: the spec goes to <paramref name="found"/> (which becomes
    /// ready) and the stash is replayed; a refusal goes to <paramref name="notFound"/> with the stashed messages;
    /// an unanswered ask is repeated; anything else waits in the stash.
    /// </summary>
    public void Resolving(object message, Action<TopicSpec> found, Action<TopicNotFound, IEnumerable<Envelope>> notFound)
    {
        switch (message)
        {
            case TopicInfo info:
                _timerOwner.Timers.Cancel(Retry.Instance);
                found(info.Spec);
                _stashOwner.Stash.UnstashAll();
                break;
            case TopicNotFound refused:
                _timerOwner.Timers.Cancel(Retry.Instance);
                notFound(refused, _stashOwner.Stash.ClearStash());
                break;
            case Retry:
                _log.Debug("topic {0}: the registry has not answered yet; asking again", _request.Topic);
                Ask();
                break;
            default:
                _stashOwner.Stash.Stash();
                break;
        }
    }

    /// <summary>
    /// Whether <paramref name="message"/> is an answer or a retry of a lookup that is already done (a repeated
    /// answer, or a retry timer that fired just before it was cancelled): a ready actor drops it.
    /// </summary>
    public static bool IsLate(object message) => message is TopicInfo or Retry;

    /// <summary>The lookup's retry timer: the registry has not answered in time.</summary>
    private sealed class Retry : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Retry Instance { get; } = new();
        private Retry() { }
    }
}
