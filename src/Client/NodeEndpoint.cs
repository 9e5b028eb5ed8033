using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Actors.Client;

/// <summary>
/// Where a node listens (<c>host:port</c>) and how this machine reaches it: the address parsed with a one-line
/// error, a plain TCP probe that tells "nothing listens there" apart from "something else listens there" before
/// remoting tries, the name the node answers to, and the local interface the node can answer us on.
/// </summary>
internal sealed record NodeEndpoint(string Text, string Host, int Port)
{
    /// <summary>The port a node listens on when the address names none.</summary>
    public const int DefaultPort = 4053;

    /// <summary>Splits <c>host:port</c> (port defaults to <see cref="DefaultPort"/>).</summary>
    public static NodeEndpoint Parse(string endpoint)
    {
        var text = endpoint.Trim();
        if (text.Length == 0) throw new ConnectionException("the node address is empty; expected host:port");
        var colon = text.LastIndexOf(':');
        if (colon < 0) return new NodeEndpoint(endpoint, text, DefaultPort);
        if (!int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new ConnectionException($"'{endpoint}' is not host:port (port 1-65535)");
        return new NodeEndpoint(endpoint, text[..colon], port);
    }

    /// <summary>Connects once with plain TCP, failing with a one-line <see cref="ConnectionException"/>.</summary>
    public async Task ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await tcp.ConnectAsync(Host, Port, deadline.Token);
        }
        catch (SocketException e)
        {
            throw new ConnectionException($"cannot reach a node at {Text}: {e.Message} (is it running?)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectionException($"cannot reach a node at {Text}: no answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// Whether the node answers a TLS handshake with a certificate: asked only after a plain-TCP client got no answer,
    /// to tell "this node wants mutual TLS" apart from "nothing answers". Bounded by <paramref name="timeout"/> (a plain
    /// node may sit on the handshake's bytes).
    /// </summary>
    public async Task<bool> SpeaksTlsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var presented = false;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(Host, Port, deadline.Token);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = Host,
                // Only looks: a certificate shown is the answer, whoever signed it; nothing is sent over this stream.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => presented = certificate is not null,
            }, deadline.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return presented;
    }

    /// <summary>
    /// The host as the node advertises it, for the remoting address of its actors: a name (<c>localhost</c>, a host
    /// name) resolved to one IP address, IPv4 first, as a node resolves its own (it advertises an IP address), because
    /// remoting drops a message addressed to any other name than the one advertised. An IP address stays as
    /// written; a name that does not resolve too (the probe has reported it by then).
    /// </summary>
    public string AdvertisedHost()
    {
        var bare = Host.Trim('[', ']');
        if (IPAddress.TryParse(bare, out var ip)) return ip.ToString();
        try
        {
            var addresses = Dns.GetHostAddresses(bare);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen?.ToString() ?? Host;
        }
        catch (SocketException)
        {
            return Host;
        }
    }

    /// <summary>The address the client's own remoting binds: loopback for a local node, else the interface towards it.</summary>
    public string LocalAddress()
    {
        if (Host is "localhost" || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip))) return "127.0.0.1";
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(Host, Port);
        return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
    }
}
