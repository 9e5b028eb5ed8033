using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Actors.Nodes.Configuration;

/// <summary>
/// The address a node advertises. Akka remoting drops a message addressed to any name but the one a node
/// advertises, so names are resolved to one IP address on both sides: a node advertises an IP address, and a
/// client or seed that names it <c>localhost</c> or by a host name resolves the name the same way
/// (<c>NodeEndpoint</c> in the client). A node bound to every interface (0.0.0.0) advertises this machine's first
/// non-loopback IPv4 address, which other machines can call, instead of 0.0.0.0, which nobody can.
/// </summary>
internal static class NodeAddresses
{
    /// <summary>True for an address that binds every interface (or none given, which Akka takes alike).</summary>
    public static bool IsWildcard(string host) =>
        host.Trim('[', ']') is "" or "0.0.0.0" or "::" or "*";

    /// <summary>
    /// The IP address to advertise for <paramref name="host"/>: an IP as written, a name resolved (IPv4 first).
    /// A name that does not resolve is one line naming <paramref name="source"/>.
    /// </summary>
    public static string Advertised(string host, string source)
    {
        var bare = host.Trim().Trim('[', ']');
        if (IPAddress.TryParse(bare, out var ip)) return ip.ToString();
        try
        {
            return Prefer(Dns.GetHostAddresses(bare)).ToString();
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException or InvalidOperationException)
        {
            throw new NodeConfigException($"{source}: cannot resolve '{host}' to an address ({ex.Message})");
        }
    }

    /// <summary>As <see cref="Advertised"/>, but a name that does not resolve (yet) is kept as written.</summary>
    public static string AdvertisedOrAsIs(string host)
    {
        try
        {
            return Advertised(host, "");
        }
        catch (NodeConfigException)
        {
            return host;
        }
    }

    /// <summary>This machine's first non-loopback IPv4 address on an interface that is up; 127.0.0.1 when it has none.</summary>
    public static string FirstNonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !IsLinkLocal(a))
            ?.ToString() ?? IPAddress.Loopback.ToString();

    private static IPAddress Prefer(IPAddress[] addresses) =>
        addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
        ?? addresses.FirstOrDefault()
        ?? throw new InvalidOperationException("no address");

    // 169.254.x.x: assigned when DHCP failed, reachable from nowhere else.
    private static bool IsLinkLocal(IPAddress ip) => ip.GetAddressBytes() is [169, 254, ..];
}
