using System.Security.Cryptography.X509Certificates;
using Actors.Security;

namespace Actors.Kafka.Server;

/// <summary>
/// How a Kafka listener talks to clients, as Kafka's <c>security.protocol</c> names it: plain TCP or TLS, and with
/// or without a SASL login first. On TLS a client may also present a certificate signed by the cluster's CA (mutual
/// TLS), which authenticates it as the certificate's common name.
/// </summary>
public enum KafkaSecurityProtocol
{
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}

/// <summary>Parsing and naming of <see cref="KafkaSecurityProtocol"/> (<c>plaintext</c>, <c>ssl</c>, <c>sasl_plaintext</c>, <c>sasl_ssl</c>).</summary>
public static class KafkaSecurityProtocols
{
    public const string Choices = "plaintext, ssl, sasl_plaintext or sasl_ssl";

    public static KafkaSecurityProtocol? Parse(string? text) => text?.Trim().ToLowerInvariant().Replace('-', '_') switch
    {
        "plaintext" => KafkaSecurityProtocol.Plaintext,
        "ssl" => KafkaSecurityProtocol.Ssl,
        "sasl_plaintext" => KafkaSecurityProtocol.SaslPlaintext,
        "sasl_ssl" => KafkaSecurityProtocol.SaslSsl,
        _ => null,
    };

    /// <summary>Kafka's name: <c>SASL_SSL</c> and so on.</summary>
    public static string Name(this KafkaSecurityProtocol protocol) => protocol switch
    {
        KafkaSecurityProtocol.Plaintext => "PLAINTEXT",
        KafkaSecurityProtocol.Ssl => "SSL",
        KafkaSecurityProtocol.SaslPlaintext => "SASL_PLAINTEXT",
        _ => "SASL_SSL",
    };

    public static bool UsesTls(this KafkaSecurityProtocol protocol) => protocol is KafkaSecurityProtocol.Ssl or KafkaSecurityProtocol.SaslSsl;

    public static bool UsesSasl(this KafkaSecurityProtocol protocol) => protocol is KafkaSecurityProtocol.SaslPlaintext or KafkaSecurityProtocol.SaslSsl;
}

/// <summary>
/// A TLS listener's identity: its certificate (with the private key) and the CA a client certificate must chain to
/// for mutual TLS (only that CA: the machine's root store is not consulted, as for remoting).
/// </summary>
public sealed record KafkaTls(X509Certificate2 Certificate, X509Certificate2Collection Authorities)
{
    /// <summary>Null when <paramref name="certificate"/> chains to <see cref="Authorities"/> and is valid now; else why not.</summary>
    public string? Verify(X509Certificate2 certificate, X509Chain? presented) => TlsCredentials.Verify(certificate, presented, Authorities);

    /// <summary>The principal a client certificate stands for: its common name (the subject when it has none).</summary>
    public static string PrincipalOf(X509Certificate2 certificate)
    {
        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(cn) ? certificate.Subject : cn;
    }
}
