using Actors.Consumers;
using Actors.Partitions;
using Akka.Streams.Stage;

namespace Actors.Streams.Stages;

/// <summary>
/// A source of committable messages for one member of a consumer group. Its stage actor is the group
/// member's target: partitions push deliveries to it only within the credit window (prefetch per partition),
/// and a delivery frees its credit only when committed downstream, so the credits are the backpressure and
/// the buffer here never holds more than the window. When the stream stops, the member leaves the group and
/// whatever was not committed is delivered again to the group's other members (or the next run).
/// </summary>
internal sealed class TopicSourceStage : GraphStage<SourceShape<CommittableMessage>>
{
    private readonly ActorSystem _system;
    private readonly ConsumerSettings _settings;

    public TopicSourceStage(ActorSystem system, ConsumerSettings settings)
    {
        _system = system;
        _settings = settings;
        Shape = new SourceShape<CommittableMessage>(Out);
    }

    public Outlet<CommittableMessage> Out { get; } = new("topic.out");

    public override SourceShape<CommittableMessage> Shape { get; }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly TopicSourceStage _stage;
        private readonly Queue<CommittableMessage> _buffer = new();
        private IActorRef? _member;
        private IActorRef _partitions = ActorRefs.Nobody;

        public Logic(TopicSourceStage stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.Out, this);
        }

        public override void PreStart()
        {
            var self = GetStageActor(OnMessage).Ref;
            var broker = Broker.Get(_stage._system);
            _partitions = broker.Partitions;
            _member = broker.Subscribe(_stage._settings, self);
        }

        public override void PostStop()
        {
            // Stopping the member leaves the group; un-committed deliveries go back to the partitions.
            // Commits made later still count: they go to the partitions directly (see CommittableMessage).
            if (_member is not null) _stage._system.Stop(_member);
        }

        public override void OnPull() => TryPush();

        private void OnMessage((IActorRef Sender, object Message) args)
        {
            if (args.Message is not Delivery delivery) return;
            _buffer.Enqueue(new CommittableMessage(delivery, _partitions));
            TryPush();
        }

        private void TryPush()
        {
            if (IsAvailable(_stage.Out) && _buffer.TryDequeue(out var next)) Push(_stage.Out, next);
        }
    }
}
