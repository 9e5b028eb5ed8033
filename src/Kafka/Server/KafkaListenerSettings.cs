using System.Net;

namespace Actors.Kafka.Server;

/// <summary>
/// How a <see cref="KafkaListener"/> listens and what it tolerates: the endpoint (port 0 takes a free one), the
/// largest request frame (Kafka's <c>socket.request.max.bytes</c>, 100 MiB by default), how many connections it
/// keeps, how long a connection may stay silent, and how many requests one connection may have in flight before
/// its reads pause (Kafka clients pipeline up to five by default); its security protocol (TLS and SASL), and the
/// limits per authenticated principal.
/// </summary>
public sealed record KafkaListenerSettings
{
    /// <summary>Where to listen; port 0 binds a free port (see <see cref="KafkaListener.LocalEndPoint"/>).</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 9092);

    /// <summary>The largest request frame accepted; a larger one closes the connection with a logged reason.</summary>
    public int MaxRequestSize { get; init; } = 100 * 1024 * 1024;

    /// <summary>Connections beyond this are closed as soon as they are accepted, with a logged reason.</summary>
    public int MaxConnections { get; init; } = 1000;

    /// <summary>A connection with no request for this long is closed (Kafka's <c>connections.max.idle.ms</c>).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Requests of one connection being handled or waiting to be answered before its reads pause.</summary>
    public int MaxInFlightPerConnection { get; init; } = 64;

    /// <summary>PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.</summary>
    public KafkaSecurityProtocol Protocol { get; init; } = KafkaSecurityProtocol.Plaintext;

    /// <summary>The certificate and CA of a TLS listener (required for SSL and SASL_SSL).</summary>
    public KafkaTls? Tls { get; init; }

    /// <summary>Where a SASL listener checks logins (required for SASL_PLAINTEXT and SASL_SSL).</summary>
    public Sasl.ISaslCredentials? SaslCredentials { get; init; }

    /// <summary>
    /// Whether every client must authenticate: on an SSL listener, a client certificate signed by the CA is then
    /// required (mutual TLS); SASL listeners always require a login; a PLAINTEXT listener cannot (refused at start).
    /// </summary>
    public bool RequireAuthentication { get; init; }

    /// <summary>How long a client has for the TLS handshake and the SASL login together.</summary>
    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections one principal may hold open on this listener; a login beyond it fails.</summary>
    public int MaxConnectionsPerPrincipal { get; init; } = 100;

    /// <summary>Requests per second one principal's connections together may send; 0: unlimited. Beyond it reads are delayed.</summary>
    public int MaxRequestsPerSecondPerPrincipal { get; init; } = 10_000;
}
