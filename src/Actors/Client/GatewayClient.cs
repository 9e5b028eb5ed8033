using System.Net;
using System.Net.Sockets;
using Actors.Consumers;
using Actors.Gateway;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// A connection from a program outside the cluster (the <c>actors</c> command line, a script host) to a
/// running node: a small remoting-only actor system that talks to the node's gateway. <see cref="Topics"/>
/// offers the same async API as on a node. Dispose it to leave cleanly.
/// </summary>
public sealed class GatewayClient : IAsyncDisposable
{
    private GatewayClient(ActorSystem system, IActorRef gateway, Address node)
    {
        System = system;
        Gateway = gateway;
        Node = node;
        Topics = new TopicClient(new GatewayEndpoints(system, gateway));
    }

    /// <summary>The client's own actor system (remoting only, not a cluster member).</summary>
    public ActorSystem System { get; }

    /// <summary>The node's gateway actor.</summary>
    public IActorRef Gateway { get; }

    /// <summary>The node this client talks to.</summary>
    public Address Node { get; }

    /// <summary>Topics through the gateway: publish, create, list, status, seek, redrive.</summary>
    public TopicClient Topics { get; }

    /// <summary>
    /// Connects to the node at <paramref name="endpoint"/> (<c>host:port</c>) of actor system
    /// <paramref name="systemName"/>. Fails with a one-line <see cref="TopicException"/> when nothing answers
    /// there within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<GatewayClient> ConnectAsync(string endpoint, string systemName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var (host, port) = ParseEndpoint(endpoint);
        await ProbeAsync(endpoint, host, port, timeout, cancellationToken);
        var localHost = IsLoopback(host) ? "127.0.0.1" : LocalAddressTowards(host, port);
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              # Akka's own logger writes to standard output, which is the data a CLI command prints
              # (`actors consume | ...`); this client reports its failures as one-line errors instead.
              loglevel = OFF
              stdout-loglevel = OFF
              actor.provider = remote
              remote.dot-netty.tcp { hostname = "{{localHost}}", port = 0 }
              remote.log-remote-lifecycle-events = off
              coordinated-shutdown.run-by-clr-shutdown-hook = off
              coordinated-shutdown.exit-clr = off
            }
            """).WithFallback(ActorsSettings.DefaultConfig());
        var system = ActorSystem.Create("actors-client", config);
        var node = new Address("akka.tcp", systemName, host, port);
        try
        {
            var selection = system.ActorSelection(new RootActorPath(node) / "user" / NodeGateway.Name);
            var identity = await selection.Ask<ActorIdentity>(new Identify(endpoint), timeout, cancellationToken);
            if (identity.Subject is null)
                throw new TopicException($"the node at {endpoint} did not answer as actor system '{systemName}' with an Actors gateway (wrong --system-name?)");
            return new GatewayClient(system, identity.Subject, node);
        }
        catch (AskTimeoutException)
        {
            await system.Terminate();
            throw new TopicException($"no Actors node answered at {endpoint} (system '{systemName}') within {timeout.TotalSeconds:0.#} s: is it running, and is the system name right?");
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>
    /// Joins <paramref name="target"/> (an actor of <see cref="System"/>) to <paramref name="group"/> on
    /// <paramref name="topic"/>. Deliveries come from the returned member, which takes the acks; stop it to leave.
    /// </summary>
    public async Task<IActorRef> OpenConsumerAsync(TopicName topic, GroupName group, IActorRef target, int prefetch, Partitions.StartFrom startFrom,
        TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var opened = await Gateway.Ask<ConsumerOpened>(new OpenConsumer(topic, group, prefetch, startFrom, target), timeout, cancellationToken);
        return opened.Member;
    }

    /// <summary>Shuts the client's actor system down.</summary>
    public async ValueTask DisposeAsync() => await System.Terminate();

    /// <summary>Splits <c>host:port</c> (port defaults to 4053), with a one-line error for anything else.</summary>
    public static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        var text = endpoint.Trim();
        if (text.Length == 0) throw new TopicException("the node address is empty; expected host:port");
        var colon = text.LastIndexOf(':');
        if (colon < 0) return (text, 4053);
        if (!int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new TopicException($"'{endpoint}' is not host:port (port 1-65535)");
        return (text[..colon], port);
    }

    /// <summary>Tells "nothing listens there" apart from "something else listens there" before remoting tries.</summary>
    private static async Task ProbeAsync(string endpoint, string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await tcp.ConnectAsync(host, port, deadline.Token);
        }
        catch (SocketException e)
        {
            throw new TopicException($"cannot reach a node at {endpoint}: {e.Message} (is it running?)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TopicException($"cannot reach a node at {endpoint}: no answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The local interface address the OS would use to reach the node, so the node can answer us.</summary>
    private static string LocalAddressTowards(string host, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(host, port);
        return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
    }

    private sealed class GatewayEndpoints(ActorSystem system, IActorRef gateway) : ITopicEndpoints
    {
        public ActorSystem System => system;

        public TopicsSettings Settings { get; } = TopicsSettings.Create(system);

        public IActorRef Registry => gateway;

        public IActorRef Partitions => gateway;

        public IActorRef TopicRef(TopicName topic) => gateway;

        public void Open(ConsumerSettings settings, IActorRef target) =>
            gateway.Tell(new OpenConsumer(settings.Topic, settings.Group, settings.Prefetch, settings.StartFrom, target));
    }
}
