using Actors.Routing;
using Akka.Event;
using Akka.Streams.Stage;

namespace Actors.Streams.Distributed;

/// <summary>
/// Runs a stage's work on worker nodes. The stage follows the service's routees (workers register under it
/// on their nodes) and opens a session with each: a <c>SubSourceOutlet</c> feeding the worker's
/// sink ref and a <c>SubSinkInlet</c> reading its source ref, all inside this stage, so there is no
/// shared state and no lock. Which worker gets which items is decided by a <see cref="WorkDispatcher{TWorker,TItem}"/>:
/// an item goes to the worker that wants one and holds the fewest; each worker holds at most
/// <see cref="DistributedWorkSettings.WindowPerWorker"/>, and results waiting for downstream count too, so the
/// slowest part (a worker or downstream) sets the pace back to the source.
/// <para>
/// KEY PATTERN: every item stays in its session's in-flight table, with its context, until its result is
/// back. When a worker is lost (its node unreachable or gone, its streams failed, it stopped), its in-flight
/// items go back to the front of the queue and to the other workers: nothing is dropped, results are emitted
/// once per item (a late result from a lost session is ignored), and the context (a commit, say) never left
/// this node.
/// </para>
/// </summary>
internal sealed class DistributedWorkStage<TIn, TOut, TCtx> : GraphStage<FlowShape<(TIn, TCtx), (TOut, TCtx)>>
{
    private readonly ActorSystem _system;
    private readonly string _work;
    private readonly DistributedWorkSettings _settings;

    public DistributedWorkStage(ActorSystem system, string work, DistributedWorkSettings settings)
    {
        settings.Validate();
        _system = system;
        _work = work;
        _settings = settings;
        Shape = new FlowShape<(TIn, TCtx), (TOut, TCtx)>(In, Out);
    }

    public Inlet<(TIn, TCtx)> In { get; } = new("distributed.in");

    public Outlet<(TOut, TCtx)> Out { get; } = new("distributed.out");

    public override FlowShape<(TIn, TCtx), (TOut, TCtx)> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("distributed-work");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic, IInHandler, IOutHandler
    {
        private sealed class Session(IActorRef worker, string id)
        {
            public IActorRef Worker { get; } = worker;
            public string Id { get; } = id;
            public SubSourceOutlet<WorkBatch>? Items { get; set; }
            public SubSinkInlet<WorkResults>? Results { get; set; }
            public bool IsOpen => Items is not null;
        }

        private const string CheckTimer = "check";
        private readonly DistributedWorkStage<TIn, TOut, TCtx> _stage;
        private readonly ServiceName _service;
        private readonly Dictionary<IActorRef, Session> _sessions = [];
        private readonly Dictionary<IActorRef, DateTime> _lostAt = [];
        private readonly WorkDispatcher<Session, (TIn Item, TCtx Context)> _dispatcher;
        private readonly SortedDictionary<long, (TOut, TCtx)> _ready = [];
        private readonly Queue<(TOut, TCtx)> _readyUnordered = new();
        private readonly Dictionary<string, DateTime> _opening = [];
        private IReadOnlyList<IActorRef> _routees = [];
        private StageActor _self = null!;
        private long _nextToEmit;
        private int _sessionCounter;
        private readonly string _id = Guid.NewGuid().ToString("N")[..12];
        private DateTime? _idleSince;

        public Logic(DistributedWorkStage<TIn, TOut, TCtx> stage) : base(stage.Shape)
        {
            _stage = stage;
            _service = DistributedWork.ServiceFor(stage._work);
            _dispatcher = new WorkDispatcher<Session, (TIn, TCtx)>(stage._settings.WindowPerWorker);
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        private int ReadyCount => _stage._settings.Ordered ? _ready.Count : _readyUnordered.Count;

        private int OpenSessions => _dispatcher.Workers;

        public override void PreStart()
        {
            _self = GetStageActor(OnMessage);
            Routes.Get(_stage._system).Registry.Tell(new SubscribeRoutees(_service, _stage._settings.Role, _self.Ref));
            ScheduleRepeatedly(CheckTimer, TimeSpan.FromMilliseconds(500));
            Pull(_stage.In);
        }

        public void OnPush()
        {
            _dispatcher.Enqueue(Grab(_stage.In));
            Dispatch();
        }

        public void OnUpstreamFinish() => CompleteIfDone();

        public void OnUpstreamFailure(Exception e) => FailStage(e);

        public void OnPull()
        {
            Emit();
            // Results taken downstream free room in the windows.
            if (_dispatcher.Pending > 0) Dispatch();
        }

        public void OnDownstreamFinish(Exception cause) => CompleteStage();

        protected override void OnTimer(object timerKey)
        {
            var now = DateTime.UtcNow;
            foreach (var (id, since) in _opening.ToList())
                if (now - since > _stage._settings.OpenTimeout && _sessions.Values.FirstOrDefault(s => s.Id == id) is { } late)
                    Lost(late, $"it did not open a session within {_stage._settings.OpenTimeout.TotalSeconds:0.#} s");
            OpenSessionsWithRoutees();

            var waiting = _dispatcher.Pending > 0 || _dispatcher.InFlight > 0;
            if (!waiting || OpenSessions > 0)
            {
                _idleSince = null;
                return;
            }

            _idleSince ??= now;
            if (now - _idleSince.Value > _stage._settings.NoWorkerTimeout)
                FailStage(new NoWorkersException($"no worker for '{_stage._work}'{(_stage._settings.Role is { } role ? $" on nodes with role '{role}'" : "")} " +
                    $"took work for {_stage._settings.NoWorkerTimeout.TotalSeconds:0.#} s; start one with DistributedWork.Serve"));
        }

        private void OnMessage((IActorRef Sender, object Message) args)
        {
            switch (args.Message)
            {
                case RouteesChanged changed:
                    _routees = changed.Routees.Select(r => r.Actor).ToList();
                    foreach (var gone in _sessions.Values.Where(s => !_routees.Contains(s.Worker)).ToList())
                        Lost(gone, "it left the service (its node is unreachable or gone, or it stopped)");
                    OpenSessionsWithRoutees();
                    break;
                case WorkSessionOpened opened:
                    Attach(opened);
                    break;
                case Terminated terminated when _sessions.TryGetValue(terminated.ActorRef, out var session):
                    Lost(session, "it stopped or its node is gone");
                    break;
            }
        }

        private void OpenSessionsWithRoutees()
        {
            foreach (var worker in _routees)
            {
                // A worker lost while still listed (its streams failed, say) gets another try after a while.
                if (_sessions.ContainsKey(worker) || (_lostAt.TryGetValue(worker, out var at) && DateTime.UtcNow - at < _stage._settings.OpenTimeout)) continue;
                _lostAt.Remove(worker);
                var session = new Session(worker, $"{_id}-{++_sessionCounter}");
                _sessions[worker] = session;
                _opening[session.Id] = DateTime.UtcNow;
                _self.Watch(worker);
                worker.Tell(new OpenWorkSession(session.Id, _stage._settings.Spec), _self.Ref);
            }
        }

        private void Attach(WorkSessionOpened opened)
        {
            var session = _sessions.Values.FirstOrDefault(s => s.Id == opened.SessionId);
            _opening.Remove(opened.SessionId);
            if (session is null || session.IsOpen) return; // a session given up on: its refs time out on the worker
            var items = new SubSourceOutlet<WorkBatch>(this, $"items-{session.Id}");
            items.SetHandler(new LambdaOutHandler(
                onPull: () =>
                {
                    _dispatcher.Wants(session);
                    Dispatch();
                },
                onDownstreamFinish: cause => Lost(session, $"it stopped taking items ({cause?.Message ?? "cancelled"})")));
            var results = new SubSinkInlet<WorkResults>(this, $"results-{session.Id}");
            results.SetHandler(new LambdaInHandler(
                onPush: () =>
                {
                    var batch = results.Grab();
                    results.Pull();
                    foreach (var result in batch.Results)
                        if (!OnResult(session, result)) return;
                    Emit();
                    Dispatch();
                },
                onUpstreamFinish: () => Lost(session, "its results ended"),
                onUpstreamFailure: e => Lost(session, $"its results failed: {e.Message}")));
            session.Items = items;
            session.Results = results;
            _dispatcher.Add(session);
            Source.FromGraph(items.Source).RunWith(opened.Items.Sink, SubFusingMaterializer);
            opened.Results.Source.RunWith(Sink.FromGraph(results.Sink), SubFusingMaterializer);
            results.Pull();
            Log.Info("Distributed work {0}: worker {1} joined ({2} open)", _stage._work, session.Worker.Path, OpenSessions);
        }

        /// <summary>Takes one result; false when it failed the stage.</summary>
        private bool OnResult(Session session, WorkResult result)
        {
            if (!_dispatcher.Complete(session, result.Seq, out var sent)) return true;
            if (result.Error is { } error)
            {
                FailStage(new WorkFailedException($"distributed work '{_stage._work}': {error}"));
                return false;
            }

            var output = ((TOut)result.Payload!, sent.Context);
            if (_stage._settings.Ordered) _ready[result.Seq] = output;
            else _readyUnordered.Enqueue(output);
            return true;
        }

        /// <summary>Hands queued items to the workers that want some (see <see cref="WorkDispatcher{TWorker,TItem}"/>), then asks upstream for more.</summary>
        private void Dispatch()
        {
            foreach (var (session, batch) in _dispatcher.Dispatch(ReadyCount, IsClosed(_stage.In)))
                session.Items!.Push(new WorkBatch(batch.Select(b => new WorkItem(b.Seq, b.Item.Item!)).ToList()));
            if (_dispatcher.WantsInput && !HasBeenPulled(_stage.In) && !IsClosed(_stage.In)) Pull(_stage.In);
            CompleteIfDone();
        }

        private void Emit()
        {
            if (!IsAvailable(_stage.Out)) return;
            if (_stage._settings.Ordered)
            {
                if (_ready.Remove(_nextToEmit, out var next))
                {
                    _nextToEmit++;
                    Push(_stage.Out, next);
                }
            }
            else if (_readyUnordered.TryDequeue(out var next))
            {
                Push(_stage.Out, next);
            }

            CompleteIfDone();
        }

        /// <summary>A worker is gone: its in-flight items go back to the queue, for the others.</summary>
        private void Lost(Session session, string why)
        {
            if (!_sessions.Remove(session.Worker)) return;
            _opening.Remove(session.Id);
            _lostAt[session.Worker] = DateTime.UtcNow;
            var handedBack = _dispatcher.Remove(session);
            Log.Warning("Distributed work {0}: worker {1} lost, {2}; {3} item(s) it held go to the other {4} worker(s)",
                _stage._work, session.Worker.Path, why, handedBack, OpenSessions);
            Close(session);
            Dispatch();
        }

        private static void Close(Session session)
        {
            if (session.Items is { IsClosed: false } items) items.Complete();
            if (session.Results is { IsClosed: false } results) results.Cancel();
        }

        private void CompleteIfDone()
        {
            if (!IsClosed(_stage.In) || _dispatcher.Pending > 0 || _dispatcher.InFlight > 0 || ReadyCount > 0) return;
            // The workers' session streams end with their item streams; on a failure or cancel they end when the
            // stream refs see this stage's actors stop.
            foreach (var session in _sessions.Values) Close(session);
            CompleteStage();
        }
    }
}
