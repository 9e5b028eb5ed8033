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

    /// <summary>How often the node re-reads where partitions are hosted (also at once on a membership change).</summary>
    public TimeSpan PlacementRefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

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
        };
    }

    /// <summary>The listener's settings, binding <paramref name="host"/> (this setting's host, else the node's).</summary>
    public KafkaListenerSettings Listener(string host) => new()
    {
        EndPoint = new System.Net.IPEndPoint(ResolveBind(host), Port),
        MaxRequestSize = MaxRequestSize,
        MaxConnections = MaxConnections,
        IdleTimeout = IdleTimeout,
    };

    private static System.Net.IPAddress ResolveBind(string host)
    {
        if (host is "" or "0.0.0.0" or "*") return System.Net.IPAddress.Any;
        if (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return ip;
        return System.Net.Dns.GetHostAddresses(host).First();
    }
}
