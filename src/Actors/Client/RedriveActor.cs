using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// Moves dead letters back: consumes the dead-letter topic in group <c>redrive</c>, republishes each
/// message to its original topic, and acks it only once that publish is confirmed, so a crash midway
/// loses nothing (at worst a message is republished twice).
/// </summary>
internal sealed class RedriveActor : ReceiveActor, IWithTimers
{
    private readonly TopicName _target;
    private readonly int _max;
    private readonly TimeSpan _idle;
    private readonly TaskCompletionSource<int> _done;
    private readonly Dictionary<long, (Delivery Delivery, IActorRef Member)> _pending = [];
    private long _correlation;
    private int _moved;
    private int _taken;

    public RedriveActor(ITopicEndpoints topics, TopicName source, TopicName target, int max, TimeSpan idle, TaskCompletionSource<int> done)
    {
        _target = target;
        _max = max;
        _idle = idle;
        _done = done;
        var router = topics.TopicRef(target);
        topics.Open(ConsumersSettings.Create(Context.System).For(source, TopicClient.RedriveGroup), Self);
        Receive<Delivery>(delivery =>
        {
            Timers.StartSingleTimer(Idle.Instance, Idle.Instance, _idle);
            if (_taken >= _max) return;
            _taken++;
            var correlation = ++_correlation;
            _pending[correlation] = (delivery, Sender);
            var headers = delivery.Message.Headers.Where(h => !h.Key.StartsWith("x-dead-letter-", StringComparison.Ordinal)).ToDictionary(h => h.Key, h => h.Value);
            router.Tell(new Publish(_target, delivery.Message.Payload, delivery.Message.Key, headers, correlation));
        });
        Receive<PublishAck>(ack =>
        {
            if (!_pending.Remove(ack.CorrelationId, out var entry)) return;
            entry.Member.Tell(entry.Delivery.ToAck());
            _moved++;
            if (_moved >= _max) Finish();
        });
        Receive<PublishRejected>(rejected =>
        {
            _done.TrySetException(new TopicException($"redrive to {_target} refused: {rejected.Reason}"));
            Context.Stop(Self);
        });
        Receive<Idle>(_ =>
        {
            if (_pending.Count == 0) Finish();
            else Timers.StartSingleTimer(Idle.Instance, Idle.Instance, _idle);
        });
        Timers.StartSingleTimer(Idle.Instance, Idle.Instance, _idle + TimeSpan.FromSeconds(2));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ITopicEndpoints topics, TopicName source, TopicName target, int max, TimeSpan idle, TaskCompletionSource<int> done) =>
        Akka.Actor.Props.Create(() => new RedriveActor(topics, source, target, max, idle, done));

    private void Finish()
    {
        _done.TrySetResult(_moved);
        Context.Stop(Self);
    }

    private sealed class Idle : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Idle Instance { get; } = new();
        private Idle() { }
    }
}
