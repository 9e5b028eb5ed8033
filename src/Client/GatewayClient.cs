using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Actors.Consumers;
using Actors.Gateway;
using Actors.Partitions;
using Actors.Security;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// A connection from a program outside the cluster (the <c>actors</c> command line, a .NET service) to a
/// running node: a small remoting-only actor system that talks to the node's gateway. <see cref="Topics"/>
/// offers the same async API as on a node, <see cref="ConsumeAsync"/> reads a topic as an async stream.
/// When that node dies the client moves to another node of the cluster (it asks for their list on connect and
/// keeps it fresh), and publishes awaiting their confirm are sent again there, in order. Dispose it to leave cleanly.
/// </summary>
public sealed class GatewayClient : IAsyncDisposable
{
    private readonly GatewaySwitch _gateway;

    private GatewayClient(ActorSystem system, GatewaySwitch gateway)
    {
        System = system;
        _gateway = gateway;
        Topics = TopicClient.Through(system, gateway);
    }

    /// <summary>The client's own actor system (remoting only, not a cluster member).</summary>
    public ActorSystem System { get; }

    /// <summary>The gateway actor of the node the client talks to now: it forwards the topic and pipeline protocols.</summary>
    public IActorRef Gateway => _gateway.Current;

    /// <summary>The node this client talks to now.</summary>
    public Address Node => _gateway.Current.Path.Address;

    /// <summary>Topics through the gateway: publish, create, list, status, seek, redrive.</summary>
    public TopicClient Topics { get; }

    /// <summary>
    /// Connects to the node at <paramref name="endpoint"/> (<c>host:port</c>) of actor system
    /// <paramref name="systemName"/>. Fails with a one-line <see cref="ConnectionException"/> when nothing answers
    /// there within <paramref name="timeout"/>. <paramref name="fallbackConfig"/> goes below the client's own
    /// settings and above the core's defaults: the configuration of other libraries whose messages the client
    /// sends (say, the serializer of the streams library's pipeline protocol). With <paramref name="tls"/> the client
    /// speaks mutual TLS (<c>akka.ssl.tcp</c>), showing its certificate and accepting only a node its CA signed; a node
    /// that wants TLS from a client without it is named as such in the <see cref="ConnectionException"/>.
    /// </summary>
    public static async Task<GatewayClient> ConnectAsync(string endpoint, string systemName, TimeSpan timeout,
        Config? fallbackConfig = null, CancellationToken cancellationToken = default, TlsCredentials? tls = null, ClientCredential? credential = null)
    {
        var node = NodeEndpoint.Parse(endpoint);
        await node.ProbeAsync(timeout, cancellationToken);
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              # Akka's own logger writes to standard output, which is the data a CLI command prints
              # (`actors consume | ...`); this client reports its failures as one-line errors instead.
              loglevel = OFF
              stdout-loglevel = OFF
              actor.provider = remote
              remote.dot-netty.tcp { hostname = "{{node.LocalAddress()}}", port = 0, enable-ssl = {{(tls is null ? "off" : "on")}} }
              remote.log-remote-lifecycle-events = off
              # How soon a dead node is noticed (its gateway Terminated) and the client moves to another one. A node
              # only slow to answer may be taken for dead too: then the client moves needlessly, which costs a resend.
              remote.watch-failure-detector {
                heartbeat-interval = 1s
                acceptable-heartbeat-pause = 5s
                unreachable-nodes-reaper-interval = 1s
              }
              coordinated-shutdown.run-by-clr-shutdown-hook = off
              coordinated-shutdown.exit-clr = off
            }
            """).WithFallback(fallbackConfig ?? Config.Empty).WithFallback(ActorsSettings.DefaultConfig());
        // Frames for the largest message the client's actors.topics.max-message-size allows, as nodes derive theirs.
        string? refused = null;
        var bootstrap = BootstrapSetup.Create().WithConfig(RemotingFrames.Ensure(config));
        var system = tls is null
            ? ActorSystem.Create("actors-client", bootstrap)
            : ActorSystem.Create("actors-client", bootstrap.And(tls.Setup(line => refused ??= line)));
        var address = new Address(TlsCredentials.ProtocolOf(tls), systemName, node.AdvertisedHost(), node.Port);
        try
        {
            var selection = system.ActorSelection(new RootActorPath(address) / "user" / GatewayProtocol.ActorName);
            var identity = await selection.Ask<ActorIdentity>(new Identify(endpoint), timeout, cancellationToken);
            if (identity.Subject is null)
                throw await RefusedAsync(node, tls, refused, cancellationToken, timeout) ??
                      new ConnectionException($"the node at {endpoint} did not answer as actor system '{systemName}' with an Actors gateway (wrong --system-name?)");
            // The session (or, on a node without authentication, the gateway) lives as long as this actor does.
            var anchor = system.ActorOf(Props.Create(() => new ConnectionAnchor()), "connection");
            var login = credential is null ? null : new Login(credential.User, credential.Password, anchor);
            var session = login is null ? identity.Subject : await LoginAsync(identity.Subject, login, endpoint, timeout, cancellationToken);
            var gateway = new GatewaySwitch(session);
            var links = LinksWanted(system);
            // A link port a firewall drops holds the connect for at most this long (the client keeps to remoting then).
            var linkTimeout = TimeSpan.FromTicks(Math.Min(timeout.Ticks, TimeSpan.FromSeconds(3).Ticks));
            if (links && await DataLink.OpenAsync(system, session, address.Host!, tls, linkTimeout, gateway.LinkLost, cancellationToken: cancellationToken) is { } link)
                gateway.UseLink(link);
            system.ActorOf(GatewayWatcher.Props(gateway, await ListGatewaysAsync(session, address, timeout, cancellationToken), login, links, tls),
                "gateway-watcher");
            return new GatewayClient(system, gateway);
        }
        catch (AskTimeoutException)
        {
            await system.Terminate();
            if (refused is not null) throw NodeRefused(endpoint, refused);
            if (tls is not null)
                throw new ConnectionException($"no Actors node answered over TLS at {endpoint} (system '{systemName}') within {timeout.TotalSeconds:0.#} s: " +
                    "does it run with TLS, and did its CA sign your --tls-cert? (its log names a refused certificate)");
            throw new ConnectionException($"no Actors node answered at {endpoint} (system '{systemName}') within {timeout.TotalSeconds:0.#} s: is it running, and is the system name right?");
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>
    /// Why a connection got nowhere, when TLS is the reason: this client refused the node's certificate
    /// (<paramref name="refused"/>), the node refused this client's, or it spoke plain TCP to a node that wants
    /// mutual TLS. That node drops the connection at once, so the Identify comes back empty from dead letters; only
    /// then does the client look for a TLS handshake (never after a plain timeout: its ClientHello would be garbage,
    /// and an error line, to a plain node).
    /// </summary>
    private static async Task<ConnectionException?> RefusedAsync(NodeEndpoint node, TlsCredentials? tls, string? refused,
        CancellationToken cancellationToken, TimeSpan timeout)
    {
        if (refused is not null) return NodeRefused(node.Text, refused);
        // Over TLS an empty answer means the connection was dropped in or just after the handshake, and not by this
        // client: the node refused this client's certificate (a node of another system name drops the message instead,
        // and the ask times out). Both sides check at once, so which one refuses first is a race.
        if (tls is not null)
            return new ConnectionException($"the node at {node.Text} refused this client's certificate (is --tls-cert signed by the cluster's CA? the node's log says why)");
        if (await node.SpeaksTlsAsync(TimeSpan.FromSeconds(Math.Min(timeout.TotalSeconds, 5)), cancellationToken))
            return new ConnectionException($"the node at {node.Text} requires mutual TLS: give a client certificate its CA signed (--tls-cert FILE --tls-key FILE --tls-ca FILE)");
        return null;
    }

    /// <summary>This client refused the node at <paramref name="endpoint"/>: <paramref name="refused"/> says why (its certificate ...).</summary>
    private static ConnectionException NodeRefused(string endpoint, string refused) =>
        new($"the node at {endpoint} was refused: its {refused} (--tls-ca)");

    /// <summary>Logs in at <paramref name="gateway"/>: the session to send requests to, or a one-line <see cref="ConnectionException"/>.</summary>
    private static async Task<IActorRef> LoginAsync(IActorRef gateway, Login login, string endpoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        await gateway.Ask<object>(login, timeout, cancellationToken) switch
        {
            LoggedIn done => done.Session,
            LoginRefused refused => throw new ConnectionException($"the node at {endpoint} refused the {refused.Reason}"),
            var other => throw new ConnectionException($"the node at {endpoint} answered the login with {other.GetType().Name}"),
        };

    /// <summary>The cluster's nodes, as the gateway names them; just this one when it does not answer in time.</summary>
    private static async Task<IReadOnlyList<Address>> ListGatewaysAsync(IActorRef gateway, Address node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var list = await gateway.Ask<GatewayList>(ListGateways.Instance, timeout, cancellationToken);
            return list.Addresses.Count > 0 ? list.Addresses.Select(Address.Parse).ToList() : [node];
        }
        catch (AskTimeoutException)
        {
            return [node];
        }
    }

    /// <summary>
    /// Joins <paramref name="target"/> (an actor of <see cref="System"/>) to <paramref name="group"/> on
    /// <paramref name="topic"/>. Deliveries come from the returned member, which takes the acks; stop it to leave.
    /// </summary>
    public Task<IActorRef> OpenConsumerAsync(TopicName topic, GroupName group, IActorRef target, int prefetch, StartFrom startFrom,
        TimeSpan timeout, CancellationToken cancellationToken = default) =>
        OpenAsync(new OpenConsumer(topic, group, prefetch, startFrom, target), timeout, cancellationToken);

    private async Task<IActorRef> OpenAsync(OpenConsumer open, TimeSpan timeout, CancellationToken cancellationToken) =>
        (await Gateway.Ask<ConsumerOpened>(open, timeout, cancellationToken)).Member;

    /// <summary>
    /// Opens the consumer on the data link, so that its deliveries come on it: the answer goes to
    /// <paramref name="bridge"/>, which completes <paramref name="opened"/>. Null when the client has no link now.
    /// </summary>
    private async Task<IActorRef?> OpenOverLinkAsync(OpenConsumer open, IActorRef bridge, TaskCompletionSource<ConsumerOpened> opened, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        if (_gateway.Link is not { } link || !link.TrySend(open, bridge)) return null;
        try
        {
            return (await opened.Task.WaitAsync(timeout, cancellationToken)).Member;
        }
        catch (TimeoutException)
        {
            throw new AskTimeoutException($"no answer to opening a consumer of {open.Topic}/{open.Group} within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// Reads <paramref name="topic"/> as a member of <paramref name="group"/>: each message arrives once it is
    /// delivered and stays in flight until its <see cref="ConsumedMessage.Ack"/> (or <see cref="ConsumedMessage.Nack"/>);
    /// the node never has more than <see cref="ConsumeOptions.Prefetch"/> un-acked per partition on the way, so
    /// nothing buffers without bound here. Ending the enumeration (a <c>break</c>, or cancelling
    /// <paramref name="cancellationToken"/>, which ends it without an exception) leaves the group; un-acked
    /// messages go to the group's other members. If the node stops serving the member, the enumeration fails
    /// with a <see cref="ConnectionException"/>.
    /// </summary>
    public async IAsyncEnumerable<ConsumedMessage> ConsumeAsync(TopicName topic, GroupName group, ConsumeOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ConsumeOptions();
        var defaults = ConsumerSettings.Create(System, topic, group);
        var timeout = options.Timeout ?? TopicsSettings.Create(System).AskTimeout;
        var channel = Channel.CreateUnbounded<ConsumedMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var opened = new TaskCompletionSource<ConsumerOpened>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bridge = System.ActorOf(DeliveryBridge.Props(channel.Writer, options.AckRejected, opened));
        IActorRef member;
        try
        {
            // Batched: the member sends what it has together, and the bridge acks in ranges.
            var open = new OpenConsumer(topic, group, options.Prefetch ?? defaults.Prefetch, options.StartFrom ?? defaults.StartFrom, bridge, Batched: true);
            member = await OpenOverLinkAsync(open, bridge, opened, timeout, cancellationToken) ?? await OpenAsync(open, timeout, cancellationToken);
        }
        catch
        {
            System.Stop(bridge);
            throw;
        }

        bridge.Tell(new DeliveryBridge.WatchMember(member, $"{topic}/{group}"));
        try
        {
            while (await WaitToReadAsync(channel.Reader, cancellationToken))
                while (!cancellationToken.IsCancellationRequested && channel.Reader.TryRead(out var message))
                    yield return message;
        }
        finally
        {
            // The bridge sends the acks it holds, then stops the member, which leaves the group as it stops (it also
            // watches the bridge; this is quicker).
            bridge.Tell(new DeliveryBridge.Leave(member));
        }
    }

    /// <summary>
    /// Where this client's publish batches go now: the <c>host:port</c> of its data link to the node (see
    /// <see cref="DataLink"/>), or null while it has none and they go through the gateway over remoting.
    /// </summary>
    public string? DataLinkEndpoint => _gateway.Link?.Endpoint;

    /// <summary>The gateway and data link this client uses now (for specs that break them).</summary>
    internal GatewaySwitch Switch => _gateway;

    /// <summary>Closes the data link and shuts the client's actor system down.</summary>
    public async ValueTask DisposeAsync()
    {
        _gateway.Link?.Dispose();
        await System.Terminate();
    }

    /// <summary>Whether the client asks its node for a data link (<c>actors.gateway.data-link.enabled</c> of its configuration).</summary>
    private static bool LinksWanted(ActorSystem system) => system.Settings.Config.GetBoolean("actors.gateway.data-link.enabled", true);

    /// <summary>An actor that lives as long as the connection: a node ends the client's session when it stops.</summary>
    private sealed class ConnectionAnchor : ReceiveActor
    {
    }

    /// <summary>Splits <c>host:port</c> (port defaults to 4053), with a one-line <see cref="ConnectionException"/> for anything else.</summary>
    public static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        var node = NodeEndpoint.Parse(endpoint);
        return (node.Host, node.Port);
    }

    /// <summary>Waits for the next message; false once the channel is done or the caller cancelled.</summary>
    private static async ValueTask<bool> WaitToReadAsync(ChannelReader<ConsumedMessage> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
