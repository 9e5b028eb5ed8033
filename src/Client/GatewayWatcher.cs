using Actors.Gateway;
using Actors.Security;
using Akka.Event;

namespace Actors.Client;

/// <summary>
/// Keeps a client outside the cluster on a live node. It watches the gateway the client talks to and keeps the list
/// of the cluster's gateways fresh (<see cref="ListGateways"/>); when that node dies (remote death watch finds it
/// gone), it asks every other known gateway, again each second, until one answers, and switches the client there
/// (<see cref="GatewaySwitch.SwitchTo"/>), whose producers then resend what may have been lost with the node.
/// It also keeps the client's data link (<see cref="DataLink"/>) to the node it talks to: it opens one to the node it
/// switched to, and again at its next refresh after a link ended while the node stayed (unless the node offers none).
/// </summary>
internal sealed class GatewayWatcher : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AskInterval = TimeSpan.FromSeconds(1);
    private readonly GatewaySwitch _gateway;
    private readonly Login? _login;
    private readonly TlsCredentials? _tls;
    private readonly bool _links;
    private bool _opening;
    private IActorRef? _offersNone;
    private IReadOnlyList<Address> _known;
    private Address? _lost;

    public GatewayWatcher(GatewaySwitch gateway, IReadOnlyList<Address> known, Login? login, bool links, TlsCredentials? tls)
    {
        _gateway = gateway;
        _known = known;
        _login = login;
        _links = links;
        _tls = tls;
        Watching();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// With <paramref name="login"/>, the client logs in again at the gateway it moves to, and talks to its session there.
    /// With <paramref name="links"/>, it keeps a data link to its node (over TLS with <paramref name="tls"/>).
    /// </summary>
    public static Props Props(GatewaySwitch gateway, IReadOnlyList<Address> known, Login? login = null, bool links = false, TlsCredentials? tls = null) =>
        Akka.Actor.Props.Create(() => new GatewayWatcher(gateway, known, login, links, tls));

    protected override void PreStart()
    {
        Context.Watch(_gateway.Current);
        Timers.StartPeriodicTimer(Refresh.Instance, Refresh.Instance, RefreshInterval);
    }

    private void Watching()
    {
        Receive<Refresh>(_ =>
        {
            _gateway.Current.Tell(ListGateways.Instance);
            if (_gateway.Link is null) OpenLink(_gateway.Current);
        });
        Receive<GatewayList>(HandleList);
        Receive<LinkOpened>(LinkDone);
        Receive<Terminated>(t => t.ActorRef.Equals(_gateway.Current), t =>
        {
            _lost = t.ActorRef.Path.Address;
            Become(FailingOver);
            AskOthers();
        });
        Receive<Terminated>(_ => { });
        Receive<ActorIdentity>(_ => { });
        Receive<LoggedIn>(_ => { });
    }

    /// <summary>The node is gone: ask the others' gateways who is there, until one answers.</summary>
    private void FailingOver()
    {
        Receive<AskAgain>(_ => AskOthers());
        Receive<GatewayList>(HandleList);
        Receive<ActorIdentity>(identity => identity.Subject is not null && _login is null, identity => SwitchTo(identity.Subject!));
        Receive<ActorIdentity>(identity => identity.Subject is not null, identity => identity.Subject!.Tell(_login!));
        Receive<LoggedIn>(loggedIn => SwitchTo(loggedIn.Session));
        Receive<LoginRefused>(_ => { });
        Receive<ActorIdentity>(_ => { });
        Receive<Refresh>(_ => { });
        Receive<LinkOpened>(LinkDone);
        Receive<Terminated>(_ => { });
    }

    /// <summary>Opens a data link to <paramref name="gateway"/>'s node, unless one is on its way, links are off, or that node offers none.</summary>
    private void OpenLink(IActorRef gateway)
    {
        if (!_links || _opening || gateway.Equals(_offersNone)) return;
        _opening = true;
        var offersNone = false;
        var system = Context.System;
        DataLink.OpenAsync(system, gateway, gateway.Path.Address.Host!, _tls, AskInterval * 5, _gateway.LinkLost, offersNone: () => offersNone = true)
            .PipeTo(Self, success: link => new LinkOpened(link, gateway, offersNone), failure: _ => new LinkOpened(null, gateway, false));
    }

    private void LinkDone(LinkOpened opened)
    {
        _opening = false;
        // A node that offers no links is not asked again: the client stays on remoting there.
        if (opened.OffersNone) _offersNone = opened.Gateway;
        if (opened.Link is null) return;
        if (opened.Gateway.Equals(_gateway.Current)) _gateway.UseLink(opened.Link);
        else opened.Link.Dispose();
    }

    private void SwitchTo(IActorRef gateway)
    {
        Timers.Cancel(AskAgain.Instance);
        _gateway.SwitchTo(gateway);
        OpenLink(gateway);
        Context.Watch(gateway);
        gateway.Tell(ListGateways.Instance);
        Become(Watching);
    }

    private void AskOthers()
    {
        var others = _known.Where(a => !a.Equals(_lost)).ToList();
        // With no other node known, the lost one may come back at its address.
        foreach (var address in others.Count > 0 ? others : _known)
            Context.ActorSelection(new RootActorPath(address) / "user" / GatewayProtocol.ActorName).Tell(new Identify(address));
        Timers.StartSingleTimer(AskAgain.Instance, AskAgain.Instance, AskInterval);
    }

    private void HandleList(GatewayList list)
    {
        var addresses = list.Addresses.Select(Address.Parse).ToList();
        if (addresses.Count > 0) _known = addresses;
    }

    private sealed record LinkOpened(DataLink? Link, IActorRef Gateway, bool OffersNone) : INoSerializationVerificationNeeded;

    private sealed class Refresh : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Refresh Instance { get; } = new();
        private Refresh() { }
    }

    private sealed class AskAgain : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static AskAgain Instance { get; } = new();
        private AskAgain() { }
    }
}
