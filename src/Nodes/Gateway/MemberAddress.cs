using System.Globalization;
using System.Net;
using Akka.Cluster;

namespace Actors.Nodes.Gateway;

/// <summary>
/// Finds the member an operator named: a full address (<c>akka.tcp://actors@127.0.0.1:4054</c>) or <c>host:port</c>,
/// where the host may be a name that resolves to the member's address (<c>localhost:4054</c> for 127.0.0.1).
/// </summary>
internal static class MemberAddress
{
    public static Address? Find(IEnumerable<Member> members, string text)
    {
        var given = text.Trim();
        var all = members.Select(m => m.Address).ToList();
        if (given.Contains("://", StringComparison.Ordinal)) return all.FirstOrDefault(a => a.ToString() == given);

        var colon = given.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(given[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)) return null;
        var host = given[..colon];
        var samePort = all.Where(a => a.Port == port).ToList();
        return samePort.FirstOrDefault(a => string.Equals(a.Host, host, StringComparison.OrdinalIgnoreCase))
            ?? samePort.FirstOrDefault(a => SameHost(a.Host, host));
    }

    private static bool SameHost(string? memberHost, string host)
    {
        if (memberHost is null) return false;
        try
        {
            return Dns.GetHostAddresses(host).Intersect(Dns.GetHostAddresses(memberHost)).Any();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
