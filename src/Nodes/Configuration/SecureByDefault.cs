using System.Net;
using System.Net.Sockets;

namespace Actors.Nodes.Configuration;

/// <summary>
/// Secure by default off loopback: a node bound to loopback may run without TLS and users, as on a developer's
/// machine; one that other machines can reach (any other address, 0.0.0.0 included) must speak mutual TLS and
/// require clients to log in (<c>--auth</c>), or be told <c>--insecure</c>. The Kafka listener beyond loopback needs TLS
/// and logins (<c>--kafka-security sasl_ssl</c> or <c>ssl</c> with <c>--auth</c>), or <c>--insecure</c> (or
/// <c>--kafka-port off</c>); so does the HTTP endpoint (<c>actors.node.http.hostname</c>): TLS and <c>--auth</c>, or
/// <c>--insecure</c> (or <c>--http-port off</c>). Checked before anything binds; a refusal is one line naming the options, exit 2.
/// </summary>
internal static class SecureByDefault
{
    public const string TlsOptions = "--tls-cert FILE --tls-key FILE --tls-ca FILE (or --tls-pfx FILE --tls-ca FILE)";

    /// <summary>Throws <see cref="NodeConfigException"/> when <paramref name="node"/> would open a door beyond loopback unguarded.</summary>
    public static void Ensure(NodeConfig node)
    {
        if (node.Insecure) return;
        var bind = node.Config.GetString(NodeConfigLoader.HostnameKey, "");
        if (node.Tls is null && !IsLoopback(bind))
            throw new NodeConfigException(
                $"--host {Shown(bind)} is not a loopback address: a node other machines can reach needs mutual TLS, {TlsOptions}, " +
                "or --insecure to run without it (see `actors certs create`)");
        if (!node.Config.GetBoolean(NodeConfigLoader.AuthenticationKey, false) && !IsLoopback(bind))
            throw new NodeConfigException(
                $"--host {Shown(bind)} is not a loopback address: a node other machines can reach needs clients to log in, --auth " +
                "(with ACTORS_ADMIN_PASSWORD for the first user), or --insecure to run without it");
        if (Http.NodeHttpSettings.Create(node.Config) is { } http && !IsLoopback(http.Host) && !HttpSecured(node))
            throw new NodeConfigException(
                $"the HTTP endpoint on {Shown(http.Host)} is not on loopback and has no TLS or authentication: " +
                $"add {TlsOptions} with --auth, or --http-port off, or --insecure to open it anyway");
        if (!node.Config.GetBoolean(NodeConfigLoader.KafkaEnabledKey, true)) return;
        var kafka = node.Config.GetString(NodeConfigLoader.KafkaHostKey, bind);
        if (!IsLoopback(kafka) && !KafkaSecured(node))
            throw new NodeConfigException(
                $"the Kafka listener on {Shown(kafka)} is not on loopback and has no TLS or authentication: " +
                "add --kafka-security sasl_ssl with --auth, or --kafka-port off, or --insecure to open it anyway");
    }

    /// <summary>Whether the Kafka listener speaks TLS and every client must log in.</summary>
    private static bool KafkaSecured(NodeConfig node)
    {
        var protocol = Actors.Kafka.Server.KafkaSecurityProtocols.Parse(node.Config.GetString(NodeConfigLoader.KafkaSecurityKey, "plaintext"));
        return protocol is Actors.Kafka.Server.KafkaSecurityProtocol.Ssl or Actors.Kafka.Server.KafkaSecurityProtocol.SaslSsl
            && node.Config.GetBoolean(NodeConfigLoader.AuthenticationKey, false);
    }

    /// <summary>Whether the HTTP endpoint serves HTTPS (the node has a certificate) and every route but /health/* needs a login.</summary>
    private static bool HttpSecured(NodeConfig node) =>
        node.Tls is not null && node.Config.GetBoolean(NodeConfigLoader.AuthenticationKey, false);

    /// <summary>The warning an <c>--insecure</c> node logs at every start, or null when it has nothing to warn of.</summary>
    public static string? Warning(NodeConfig node)
    {
        if (!node.Insecure) return null;
        var bind = Shown(node.Config.GetString(NodeConfigLoader.HostnameKey, ""));
        var kafka = node.Config.GetBoolean(NodeConfigLoader.KafkaEnabledKey, true) && !KafkaSecured(node) ? ", and Kafka clients too" : "";
        if (node.Tls is null)
            return $"--insecure: remoting on {bind} has no TLS; any program that reaches it can join the cluster, publish and consume{kafka}";
        if (!node.Config.GetBoolean(NodeConfigLoader.AuthenticationKey, false))
            return $"--insecure: clients of {bind} need no login (no --auth); any program with a certificate the CA signed can publish and consume{kafka}";
        return kafka.Length > 0 ? "--insecure: the Kafka listener has no TLS or authentication; any program that reaches it can publish and consume" : null;
    }

    /// <summary>True for a loopback address, or a name all of whose addresses are loopback; false for 0.0.0.0 and the like.</summary>
    public static bool IsLoopback(string host)
    {
        if (NodeAddresses.IsWildcard(host)) return false;
        var bare = host.Trim().Trim('[', ']');
        if (IPAddress.TryParse(bare, out var ip)) return IPAddress.IsLoopback(ip);
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        try
        {
            var addresses = Dns.GetHostAddresses(bare);
            return addresses.Length > 0 && addresses.All(IPAddress.IsLoopback);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Shown(string host) => NodeAddresses.IsWildcard(host) ? "0.0.0.0" : host;
}
