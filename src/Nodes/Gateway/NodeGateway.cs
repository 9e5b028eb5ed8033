using Actors.Consumers;
using Actors.Gateway;
using Actors.Partitions;
using Actors.Security;
using Actors.Streams.Pipelines;
using Actors.Streams.Pipelines.Hosting;
using Actors.Topics;

namespace Actors.Nodes.Gateway;

/// <summary>
/// The one well-known actor of a node (<c>/user/</c><see cref="GatewayProtocol.ActorName"/>) through which
/// programs outside the cluster, such as the <c>actors</c> command line, reach the topics and pipelines. With
/// authentication off it serves every request itself (<see cref="GatewayRoutes"/>). With it on, a client first
/// logs in (<see cref="Login"/>): the gateway checks the user's password and starts a <see cref="ClientSession"/>
/// for the principal, which checks each request against the ACLs and routes it the same way; the gateway itself
/// then answers only logins and the list of gateways. It also names the gateways of every node that is up, where
/// a client goes on when this node fails. Per user it keeps at most <c>max-connections-per-principal</c> sessions, and
/// shares <c>max-requests-per-second-per-principal</c> out among them (<see cref="ClientSession.RateShare"/>), again
/// whenever one starts or ends.
/// </summary>
internal sealed class NodeGateway : ReceiveActor, IWithTimers
{
    /// <summary>How long a login waits for a starting node to load its users before it is refused.</summary>
    private static readonly TimeSpan LoadWait = TimeSpan.FromSeconds(30);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Security.Security _security = Security.Security.Get(Context.System);
    private readonly GatewayRoutes _routes;
    private readonly Dictionary<string, List<IActorRef>> _sessionsOf = new(StringComparer.Ordinal);
    private long _sessions;

    public NodeGateway(Broker broker, IActorRef pipelines, DataLinks? links)
    {
        _routes = new GatewayRoutes(Context.System, broker, pipelines, Context.ActorOf(NodeAdmin.Props(broker), "admin"), _security, _log, links);
        Receive<Login>(login => HandleLogin(login, Sender, Environment.TickCount64 + (long)LoadWait.TotalMilliseconds));
        Receive<RetryLogin>(retry => HandleLogin(retry.Login, retry.ReplyTo, retry.Deadline));
        Receive<Terminated>(t => Ended(t.ActorRef));
        ReceiveAny(message =>
        {
            if (!_security.Enabled || message is ListGateways) _routes.Route(message, Security.Security.Anonymous);
            else GatewayAuthorization.Refuse(message, "this node requires a login: give a user (--user NAME, with ACTORS_PASSWORD or --password-file FILE)", Sender);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the gateway of <paramref name="broker"/>, forwarding pipeline commands to <paramref name="pipelines"/> (the registry).</summary>
    public static Props Props(Broker broker, IActorRef pipelines, DataLinks? links = null) => Akka.Actor.Props.Create(() => new NodeGateway(broker, pipelines, links));

    private void HandleLogin(Login login, IActorRef replyTo, long deadline)
    {
        if (!_security.Enabled)
        {
            replyTo.Tell(new LoggedIn(Self, Security.Security.Anonymous));
            return;
        }

        if (_security.State is null && Environment.TickCount64 < deadline)
        {
            // The node has not heard from the users' registry yet (it is starting): look again shortly, until the deadline.
            var retry = new RetryLogin(login, replyTo, deadline);
            Timers.StartSingleTimer(retry, retry, TimeSpan.FromMilliseconds(200));
            return;
        }

        if (_security.Authenticate(login.User, login.Password, GatewayAuthorization.Door, out var reason) is not { } principal)
        {
            replyTo.Tell(new LoginRefused($"login as '{login.User}': {reason}"));
            return;
        }

        var sessions = _sessionsOf.TryGetValue(principal, out var known) ? known : _sessionsOf[principal] = [];
        var limit = _security.Settings.MaxConnectionsPerPrincipal;
        if (sessions.Count >= limit)
        {
            _log.Warning("login of user '{0}' from {1} refused: {2} connections already (actors.security.max-connections-per-principal)",
                principal, login.Client.Path.Address, sessions.Count);
            replyTo.Tell(new LoginRefused($"login as '{login.User}': the user has {sessions.Count} connections to this node already, the most it may have"));
            return;
        }

        var session = Context.ActorOf(ClientSession.Props(principal, login.Client, _routes), $"session-{++_sessions}");
        Context.Watch(session);
        sessions.Add(session);
        Diagnostics.GatewayMetrics.SessionStarted();
        Share(sessions);
        _log.Info("user '{0}' logged in from {1}", principal, login.Client.Path.Address);
        replyTo.Tell(new LoggedIn(session, principal));
    }

    protected override void PostStop()
    {
        foreach (var sessions in _sessionsOf.Values)
            foreach (var _ in sessions)
                Diagnostics.GatewayMetrics.SessionEnded();
        base.PostStop();
    }

    private void Ended(IActorRef session)
    {
        foreach (var (principal, sessions) in _sessionsOf)
        {
            if (!sessions.Remove(session)) continue;
            Diagnostics.GatewayMetrics.SessionEnded();
            if (sessions.Count == 0) _sessionsOf.Remove(principal);
            else Share(sessions);
            return;
        }
    }

    /// <summary>A login waiting for the node to load its users.</summary>
    private sealed record RetryLogin(Login Login, IActorRef ReplyTo, long Deadline) : INoSerializationVerificationNeeded;

    /// <summary>Gives each of a user's sessions its equal part of the user's request rate.</summary>
    private void Share(List<IActorRef> sessions)
    {
        var share = new ClientSession.RateShare((double)_security.Settings.MaxRequestsPerSecondPerPrincipal / sessions.Count);
        foreach (var session in sessions) session.Tell(share);
    }
}

/// <summary>
/// One logged-in client on this node: every request it sends is checked against its principal's ACLs
/// (<see cref="GatewayAuthorization"/>; pipelines need the pipelines permission on the pipeline's name) and, when
/// allowed, routed as the gateway would, keeping the sender; a denied one is answered with one line and logged.
/// It ends when the client's actor does (the client left, or its node lost it). Requests beyond its share of the
/// user's rate (a token bucket refilled at <see cref="RateShare"/> per second, holding a second's worth) wait in its
/// stash until tokens come back, in order: the client slows down, nothing is refused.
/// </summary>
internal sealed class ClientSession : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private readonly string _principal;
    private readonly GatewayRoutes _routes;
    private readonly Security.Security _security = Security.Security.Get(Context.System);
    private double _rate = double.PositiveInfinity;
    private double _tokens = double.PositiveInfinity;
    private long _refilledAt = Environment.TickCount64;

    public ClientSession(string principal, IActorRef client, GatewayRoutes routes)
    {
        _principal = principal;
        _routes = routes;
        Context.Watch(client);
        Open(client);
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string principal, IActorRef client, GatewayRoutes routes) =>
        Akka.Actor.Props.Create(() => new ClientSession(principal, client, routes));

    private void Open(IActorRef client)
    {
        Common(client);
        ReceiveAny(message =>
        {
            if (!TakeToken())
            {
                Stash.Stash();
                Become(() => Throttled(client));
                Timers.StartSingleTimer(Refill.Instance, Refill.Instance, TimeSpan.FromMilliseconds(Math.Clamp(1000 / _rate, 1, 100)));
                return;
            }

            Handle(message);
        });
    }

    private void Throttled(IActorRef client)
    {
        Common(client);
        Receive<Refill>(_ =>
        {
            Become(() => Open(client));
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Common(IActorRef client)
    {
        Receive<Terminated>(t => t.ActorRef.Equals(client), _ => Context.Stop(Self));
        Receive<RateShare>(share =>
        {
            _rate = share.PerSecond;
            _tokens = Math.Min(_tokens, _rate);
        });
    }

    /// <summary>Takes one token after refilling for the time gone by; false when none is left.</summary>
    private bool TakeToken()
    {
        if (double.IsPositiveInfinity(_rate)) return true;
        var now = Environment.TickCount64;
        _tokens = Math.Min(_rate, _tokens + (now - _refilledAt) * _rate / 1000);
        _refilledAt = now;
        if (_tokens < 1) return false;
        _tokens--;
        return true;
    }

    private void Handle(object message)
    {
        var denial = message is IPipelineCommand pipeline
            ? _security.Enabled ? _security.Deny(_principal, AclPermission.Pipelines, AclResource.Pipeline, PipelineName(pipeline), GatewayAuthorization.Door) : null
            : GatewayAuthorization.Check(_security, _principal, message);
        if (denial is null) _routes.Route(message, _principal);
        else GatewayAuthorization.Refuse(message, denial, Sender);
    }

    /// <summary>This session's part of its user's requests per second (the gateway divides the user's rate among its sessions).</summary>
    public sealed record RateShare(double PerSecond) : INoSerializationVerificationNeeded;

    private sealed class Refill : INoSerializationVerificationNeeded
    {
        public static Refill Instance { get; } = new();
        private Refill() { }
    }

    /// <summary>The pipeline a command is about; a submitted file that does not parse is checked as <c>*</c> (the registry then refuses it).</summary>
    private static string PipelineName(IPipelineCommand command) => command switch
    {
        StopPipeline stop => stop.Name,
        SubmitPipeline submit => TryName(submit),
        _ => "*",
    };

    private static string TryName(SubmitPipeline submit)
    {
        try
        {
            return PipelineDefinition.Parse(submit.Text, submit.Origin).Name;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "*";
        }
    }
}

/// <summary>
/// Where the gateway's requests go: publishes to the topic's router, partition commands to the partition shards,
/// topic commands to the registry, pipeline commands to the pipeline registry, operator requests to
/// <see cref="NodeAdmin"/>, users and ACLs to the security registry, each forwarded so the reply goes straight back
/// to the caller; consumers are opened here and live on this node. Lists are filtered to what the principal may see.
/// Used by the gateway and by every session, always from inside the actor handling the request.
/// </summary>
internal sealed class GatewayRoutes(ActorSystem system, Broker broker, IActorRef pipelines, IActorRef admin, Security.Security security, ILoggingAdapter log,
    DataLinks? links)
{
    public void Route(object message, string principal)
    {
        var sender = ActorCell.GetCurrentSenderOrNoSender();
        switch (message)
        {
            case Publish publish:
                broker.TopicRef(publish.Topic).Forward(publish);
                break;
            case IPartitionCommand command:
                broker.Partitions.Forward(command);
                break;
            case ListTopics list:
                broker.Registry.Ask<TopicList>(list, broker.Settings.AskTimeout)
                    .PipeTo(sender, success: topics => GatewayAuthorization.Filter(security, principal, topics), failure: e => new Status.Failure(e));
                break;
            case ListExternalGroups:
                broker.ListExternalGroupsAsync(broker.Settings.AskTimeout)
                    .PipeTo(sender, success: groups => GatewayAuthorization.Filter(security, principal, groups), failure: e => new Status.Failure(e));
                break;
            case CreateTopic or GetTopic:
                broker.Registry.Forward(message);
                break;
            case IPipelineCommand command:
                pipelines.Forward(command);
                break;
            case PutUser or RemoveUser or AddAcl or RemoveAcl or ListSecurity:
                security.Registry.Forward(message);
                break;
            case ListGateways:
                sender.Tell(new GatewayList(Akka.Cluster.Cluster.Get(system).State.Members
                    .Where(m => m.Status == Akka.Cluster.MemberStatus.Up).Select(m => m.Address.ToString()).ToList()));
                break;
            case OpenConsumer open:
                var settings = new ConsumerSettings(open.Topic, open.Group, Math.Max(1, open.Prefetch), open.StartFrom, open.Batched);
                var member = broker.Subscribe(settings, open.Target);
                // A consumer opened on a data link delivers to the link's writer here, which has no remote address.
                log.Info("consumer opened for {0} on {1}/{2} as {3}", open.Target.Path.Address.HasGlobalScope ? open.Target.Path.Address.ToString() : open.Target.Path.ToString(),
                    open.Topic, open.Group, principal);
                sender.Tell(new ConsumerOpened(open.Topic, open.Group, member));
                break;
            case OpenDataLink:
                // The link speaks for the actor routing this (the client's session, or the gateway without authentication).
                sender.Tell(links is not null && ActorCell.GetCurrentSelfOrNoSender() is { } session
                    ? links.Offer(session)
                    : new DataLinkRefused("this node offers no data links (actors.gateway.data-link.enabled = off)"));
                break;
            case var other when NodeAdmin.Handles(other):
                admin.Forward(other);
                break;
            default:
                sender.Tell(new Status.Failure(new NotSupportedException($"the gateway does not serve {message.GetType().Name}")));
                break;
        }
    }
}
