using System.Net;
using System.Net.Sockets;
using Actors.Nodes.Configuration;

namespace Actors.Nodes.Hosting;

/// <summary>
/// Every TCP listener a node opens, read from its configuration, and a check that each one's port is free, made
/// before the node starts anything (storage included): a node on a taken port stops at once with one line,
/// <c>error: 127.0.0.1:4053 is already in use</c>, instead of a stack trace from remoting, or, with
/// SO_REUSEPORT, sharing the port and the journal with the node already there. Remoting itself binds with
/// <c>tcp-reuse-addr = off</c> (see <see cref="NodeConfigLoader"/>), so two nodes probing at the same moment still
/// cannot both listen; the loser's bind error reads the same (<see cref="InUse"/>). A door added to a node lists
/// its listener in <see cref="Of"/>.
/// </summary>
internal static class NodeListeners
{
    /// <summary>
    /// The node's listeners: remoting (the cluster and the native gateway) and, when they are on, the Kafka listener,
    /// the HTTP endpoint and the data links (on remoting's host).
    /// Port 0 (any free port) is left out.
    /// </summary>
    public static IReadOnlyList<DnsEndPoint> Of(Config config)
    {
        var listeners = new List<DnsEndPoint>();
        var port = config.GetInt(NodeConfigLoader.PortKey, 0);
        if (port != 0) listeners.Add(new DnsEndPoint(config.GetString(NodeConfigLoader.HostnameKey, ""), port));
        var kafkaPort = config.GetInt(NodeConfigLoader.KafkaPortKey, 0);
        if (config.GetBoolean(NodeConfigLoader.KafkaEnabledKey, false) && kafkaPort != 0)
            listeners.Add(new DnsEndPoint(config.GetString(NodeConfigLoader.KafkaHostKey, ""), kafkaPort));
        if (Http.NodeHttpSettings.Create(config) is { Port: not 0 } http) listeners.Add(new DnsEndPoint(http.Host, http.Port));
        var linkPort = config.GetInt(Gateway.DataLinks.PortKey, 0);
        if (config.GetBoolean(Gateway.DataLinks.EnabledKey, true) && linkPort != 0)
            listeners.Add(new DnsEndPoint(config.GetString(NodeConfigLoader.HostnameKey, ""), linkPort));
        return listeners;
    }

    /// <summary>Binds each listener's address for a moment; a <see cref="NodeConfigException"/> for the first that is taken.</summary>
    public static void EnsureFree(IEnumerable<DnsEndPoint> listeners)
    {
        foreach (var listener in listeners)
        {
            foreach (var address in Addresses(listener.Host))
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    // .NET sets SO_REUSEADDR on Linux sockets, which still refuses a port another socket listens on
                    // (but not one held by connections in TIME_WAIT); ExclusiveAddressUse is Windows' equivalent.
                    if (OperatingSystem.IsWindows()) socket.ExclusiveAddressUse = true;
                    socket.Bind(new IPEndPoint(address, listener.Port));
                    socket.Listen(1);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
                {
                    throw InUse(listener.Host, listener.Port, ex.SocketErrorCode);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
                {
                    throw new NodeConfigException($"{Display(listener.Host, listener.Port)}: no interface of this machine has that address");
                }
            }
        }
    }

    /// <summary>The one line for a port another process holds (or, for ports below 1024, that needs privileges).</summary>
    public static NodeConfigException InUse(string host, int port, SocketError error = SocketError.AddressAlreadyInUse) =>
        new(error == SocketError.AccessDenied
            ? $"{Display(host, port)}: permission denied (ports below 1024 need privileges)"
            : $"{Display(host, port)} is already in use");

    private static string Display(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{(host.Length == 0 ? "0.0.0.0" : host)}:{port}";

    /// <summary>The addresses remoting binds for <paramref name="host"/>: every interface for a wildcard, else its addresses.</summary>
    internal static IEnumerable<IPAddress> Addresses(string host)
    {
        if (NodeAddresses.IsWildcard(host)) return [IPAddress.Any];
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return [ip];
        try
        {
            return Dns.GetHostAddresses(host).Take(1);
        }
        catch (SocketException ex)
        {
            throw new NodeConfigException($"--host: cannot resolve '{host}' to an address ({ex.Message})");
        }
    }
}
