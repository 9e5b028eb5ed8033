using Actors.Consumers;
using Actors.Topics;

namespace Actors.Routing;

/// <summary>
/// Subscribes one consumer actor (or a topic route) to every topic whose name matches a
/// <see cref="TopicPattern"/>: it asks the topic registry to tell it about every topic, now and as they are
/// created, and joins the target to the consumer group on each match, one group member per topic. It asks
/// again every <c>actors.routing.topic-watch-interval</c>, because the registry is a cluster singleton and
/// forgets its watchers when it moves to another node. A topic that is deleted stops its member; created again, it is
/// joined again. It stops with its target, and takes its members along.
/// </summary>
internal sealed class PatternSubscription : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PatternSettings _settings;
    private readonly IActorRef _target;
    private readonly IActorRef _topicRegistry;
    private readonly Func<ConsumerSettings, IActorRef, IActorRef> _subscribe;
    private readonly TimeSpan _watchInterval;
    private readonly string _deadLetterSuffix;
    private readonly Dictionary<TopicName, IActorRef> _members = [];

    public PatternSubscription(PatternSettings settings, IActorRef target, IActorRef topicRegistry,
        Func<ConsumerSettings, IActorRef, IActorRef> subscribe, TimeSpan watchInterval, string deadLetterSuffix)
    {
        _settings = settings;
        _target = target;
        _topicRegistry = topicRegistry;
        _subscribe = subscribe;
        _watchInterval = watchInterval;
        _deadLetterSuffix = deadLetterSuffix;
        Receive<TopicCreated>(HandleTopicCreated);
        Receive<WatchAgain>(_ => _topicRegistry.Tell(new WatchTopics(Self)));
        Receive<MemberStopped>(stopped =>
        {
            // The topic was deleted (its group stopped the member): a topic created again under the name is new.
            if (_members.TryGetValue(stopped.Topic, out var member) && member.Equals(stopped.Member)) _members.Remove(stopped.Topic);
        });
        Receive<GetPatternTopics>(_ => Sender.Tell(new PatternTopics(_settings.Pattern, _members.Keys.OrderBy(t => t.Value, StringComparer.Ordinal).ToList())));
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_target)) Context.Stop(Self);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The props; <paramref name="subscribe"/> joins an actor to a group and returns the member (<see cref="Broker.Subscribe"/>).</summary>
    public static Props Props(PatternSettings settings, IActorRef target, IActorRef topicRegistry,
        Func<ConsumerSettings, IActorRef, IActorRef> subscribe, TimeSpan watchInterval, string deadLetterSuffix) =>
        Akka.Actor.Props.Create(() => new PatternSubscription(settings, target, topicRegistry, subscribe, watchInterval, deadLetterSuffix));

    /// <summary>Whether a topic belongs to this subscription: it matches, and is not a dead-letter topic unless those are wanted.</summary>
    public static bool Wants(PatternSettings settings, TopicName topic, string deadLetterSuffix) =>
        settings.Pattern.Matches(topic)
        && (settings.IncludeDeadLetterTopics || deadLetterSuffix.Length == 0 || !topic.Value.EndsWith(deadLetterSuffix, StringComparison.Ordinal));

    protected override void PreStart()
    {
        Context.Watch(_target);
        _topicRegistry.Tell(new WatchTopics(Self));
        Timers.StartPeriodicTimer(WatchAgain.Instance, WatchAgain.Instance, _watchInterval);
    }

    protected override void PostStop()
    {
        foreach (var member in _members.Values) member.Tell(PoisonPill.Instance);
    }

    private void HandleTopicCreated(TopicCreated created)
    {
        var topic = created.Spec.Name;
        if (_members.ContainsKey(topic) || !Wants(_settings, topic, _deadLetterSuffix)) return;
        var member = _subscribe(new ConsumerSettings(topic, _settings.Group, _settings.Prefetch, _settings.StartFrom), _target);
        _members[topic] = member;
        Context.WatchWith(member, new MemberStopped(topic, member));
        _log.Info("pattern {0} (group {1}): subscribed to topic {2}", _settings.Pattern, _settings.Group, topic);
    }

    private sealed record MemberStopped(TopicName Topic, IActorRef Member) : INoSerializationVerificationNeeded;

    private sealed class WatchAgain : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static WatchAgain Instance { get; } = new();
        private WatchAgain() { }
    }
}
