using Akka.Configuration;
using Actors.Kafka.Server;

namespace Actors.Kafka.Edge;

/// <summary>
/// The <c>actors.edge.kafka</c> settings (documented in <c>hocon/node.conf</c>): whether the node runs a Kafka
/// listener, where it listens and what it advertises to clients, and the listener's limits.
/// </summary>
public sealed record KafkaEdgeSettings
{
    public const string Section = "actors.edge.kafka";

    public bool Enabled { get; init; } = true;

    /// <summary>The address to listen on; empty: the node's remoting host.</summary>
    public string Host { get; init; } = "";

    /// <summary>The port; 0 takes a free one.</summary>
    public int Port { get; init; } = 9092;

    /// <summary>The host clients are told to connect to; empty: the node's advertised remoting host.</summary>
    public string AdvertisedHost { get; init; } = "";

    /// <summary>The port clients are told to connect to; 0: the bound port.</summary>
    public int AdvertisedPort { get; init; }

    public int MaxRequestSize { get; init; } = 100 * 1024 * 1024;

    public int MaxConnections { get; init; } = 1000;

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a request waits for the partitions and the topic registry before it answers a timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most bytes of messages one command to a partition, or one answer from it, carries: it may cross nodes, and
    /// remoting drops a frame over <c>akka.remote.dot-netty.tcp.maximum-frame-size</c>, so a larger produced batch is
    /// appended in pieces (consecutive, each checked as its producer's next) and a read returns at most this much.
    /// </summary>
    public int MaxForwardBytes { get; init; } = 1024 * 1024;

    /// <summary>How often the node re-reads where partitions are hosted (also at once on a membership change).</summary>
    public TimeSpan PlacementRefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How clients connect: plaintext, ssl, sasl_plaintext or sasl_ssl (TLS with the node's --tls-* certificate).</summary>
    public KafkaSecurityProtocol SecurityProtocol { get; init; } = KafkaSecurityProtocol.Plaintext;

    /// <summary>Connections one authenticated principal may hold open on this node.</summary>
    public int MaxConnectionsPerPrincipal { get; init; } = 100;

    /// <summary>Requests per second one authenticated principal may send to this node (its connections together); 0: unlimited.</summary>
    public int MaxRequestsPerSecondPerPrincipal { get; init; } = 10_000;

    public static KafkaEdgeSettings Create(Config config)
    {
        var c = config.GetConfig(Section) ?? Config.Empty;
        var defaults = new KafkaEdgeSettings();
        return new KafkaEdgeSettings
        {
            Enabled = c.GetBoolean("enabled", defaults.Enabled),
            Host = c.GetString("host", defaults.Host),
            Port = c.GetInt("port", defaults.Port),
            AdvertisedHost = c.GetString("advertised-host", defaults.AdvertisedHost),
            AdvertisedPort = c.GetInt("advertised-port", defaults.AdvertisedPort),
            MaxRequestSize = checked((int)(c.GetByteSize("max-request-size") ?? defaults.MaxRequestSize)),
            MaxConnections = c.GetInt("max-connections", defaults.MaxConnections),
            IdleTimeout = c.GetTimeSpan("idle-timeout", defaults.IdleTimeout),
            RequestTimeout = c.GetTimeSpan("request-timeout", defaults.RequestTimeout),
            PlacementRefreshInterval = c.GetTimeSpan("placement-refresh-interval", defaults.PlacementRefreshInterval),
            SecurityProtocol = KafkaSecurityProtocols.Parse(c.GetString("security-protocol", "plaintext"))
                ?? throw new KafkaEdgeConfigException($"{Section}.security-protocol = {c.GetString("security-protocol", "")}: use {KafkaSecurityProtocols.Choices}"),
            MaxConnectionsPerPrincipal = c.GetInt("max-connections-per-principal", defaults.MaxConnectionsPerPrincipal),
            MaxRequestsPerSecondPerPrincipal = c.GetInt("max-requests-per-second-per-principal", defaults.MaxRequestsPerSecondPerPrincipal),
            // Half the remoting frame leaves room for keys, headers and the envelope around the messages.
            MaxForwardBytes = (int)Math.Clamp((config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000) / 2, 64 * 1024, int.MaxValue),
        };
    }

    /// <summary>The listener's settings, binding <paramref name="host"/> (this setting's host, else the node's).</summary>
    public KafkaListenerSettings Listener(string host) => new()
    {
        EndPoint = new System.Net.IPEndPoint(ResolveBind(host), Port),
        MaxRequestSize = MaxRequestSize,
        MaxConnections = MaxConnections,
        IdleTimeout = IdleTimeout,
        Protocol = SecurityProtocol,
        MaxConnectionsPerPrincipal = MaxConnectionsPerPrincipal,
        MaxRequestsPerSecondPerPrincipal = MaxRequestsPerSecondPerPrincipal,
    };

    private static System.Net.IPAddress ResolveBind(string host)
    {
        if (host is "" or "0.0.0.0" or "*") return System.Net.IPAddress.Any;
        if (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return ip;
        return System.Net.Dns.GetHostAddresses(host).First();
    }
}

/// <summary>The Kafka edge's settings cannot work (a protocol that needs TLS without a certificate, a plaintext listener with authentication on): one line.</summary>
public sealed class KafkaEdgeConfigException(string message) : Exception(message);
