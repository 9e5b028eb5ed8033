using Actors.Security;

namespace Actors.Nodes.Configuration;

/// <summary>
/// What one node is asked to be: where it listens, whom it joins, which roles it takes and which
/// extra HOCON file it loads. Each value comes from a command-line option, else from its
/// <c>ACTORS_*</c> environment variable, else from the HOCON files (null here means "leave the HOCON as is").
/// </summary>
public sealed record NodeSettings
{
    public const string DefaultSystemName = "actors";

    public string SystemName { get; init; } = DefaultSystemName;

    /// <summary>Host name or IP to bind (0.0.0.0: every interface); null keeps the HOCON value (127.0.0.1).</summary>
    public string? Host { get; init; }

    /// <summary>
    /// The address other nodes and clients call this node by, when it differs from <see cref="Host"/>; null keeps
    /// the HOCON value (<c>public-hostname</c>), else <see cref="Host"/>, else, for 0.0.0.0, this machine's first
    /// non-loopback IPv4 address.
    /// </summary>
    public string? PublicHost { get; init; }

    /// <summary>TCP port; 0 picks any free port; null keeps the HOCON value (4053).</summary>
    public int? Port { get; init; }

    /// <summary>
    /// The Kafka listener's port: a number (0 takes a free one) or <c>off</c> (no listener); null keeps the HOCON
    /// value (<c>actors.edge.kafka</c>: on, 9092).
    /// </summary>
    public string? KafkaPort { get; init; }

    /// <summary>
    /// The HTTP endpoint's port (health, metrics, console): a number (0 takes a free one) or <c>off</c> (none); null
    /// keeps the HOCON value (<c>actors.node.http.port</c>, 8558).
    /// </summary>
    public string? HttpPort { get; init; }

    /// <summary><c>--metrics on|off</c>: whether the node records and serves metrics; null keeps the HOCON value (<c>actors.node.metrics</c>, on).</summary>
    public bool? Metrics { get; init; }

    /// <summary>
    /// <c>--otlp-endpoint URL</c>: where the node exports metrics and traces by OTLP (HTTP/protobuf); null keeps the
    /// HOCON value (<c>actors.node.otlp-endpoint</c>, none).
    /// </summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>The Kafka listener's security protocol (plaintext, ssl, sasl_plaintext, sasl_ssl); null keeps the HOCON value.</summary>
    public string? KafkaSecurity { get; init; }

    /// <summary>Seed nodes as <c>host:port</c> or full <c>akka.tcp://system@host:port</c> addresses.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>An extra HOCON file layered over <c>hocon/node.conf</c>.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>text</c> or <c>json</c>; null keeps the HOCON value (<c>actors.node.log-format</c>).</summary>
    public string? LogFormat { get; init; }

    /// <summary>
    /// This node's certificate and key (PEM pair or PKCS#12) and the cluster's CA, for mutual TLS between nodes and
    /// to clients; unset values fall back to <c>ACTORS_TLS_*</c>, then to <c>actors.tls</c> in the HOCON files.
    /// </summary>
    public TlsFiles Tls { get; init; } = TlsFiles.None;

    /// <summary>
    /// <c>--insecure</c>: lets a node listen beyond loopback without TLS (it warns at every start); null keeps the
    /// HOCON value (<c>actors.node.insecure</c>, off).
    /// </summary>
    public bool? Insecure { get; init; }

    /// <summary><c>--auth</c>: clients must log in and ACLs apply; null keeps the HOCON value (<c>actors.security.authentication</c>, off).</summary>
    public bool? Auth { get; init; }

    /// <summary>
    /// <c>ACTORS_ADMIN_PASSWORD</c>: the password of the user <c>admin</c> (a super user), added at start when the cluster
    /// has no such user; only from the environment, never an option (a command line is visible to every user of the machine).
    /// </summary>
    public string? AdminPassword { get; init; }

    /// <summary>
    /// Directories pipeline files may read and write under (<c>--allow-path</c>), made absolute; empty keeps the
    /// HOCON value (<c>actors.streams.pipelines.allowed-paths</c>, none).
    /// </summary>
    public IReadOnlyList<string> AllowedPaths { get; init; } = [];

    /// <summary>Ports or ranges pipeline files may listen on (<c>--allow-tcp-port</c>); empty keeps the HOCON value (none).</summary>
    public IReadOnlyList<string> AllowedTcpPorts { get; init; } = [];

    /// <summary>The folder holding the base HOCON files; defaults to <c>hocon/</c> beside the executable.</summary>
    public string HoconDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "hocon");

    /// <summary>Reads the <c>ACTORS_*</c> variables for values the command line left unset.</summary>
    public NodeSettings WithEnvironmentDefaults(Func<string, string?> env) => this with
    {
        SystemName = SystemName != DefaultSystemName ? SystemName : env("ACTORS_SYSTEM_NAME") ?? SystemName,
        Host = Host ?? env("ACTORS_HOST"),
        PublicHost = PublicHost ?? env("ACTORS_PUBLIC_HOST"),
        Port = Port ?? ParsePort(env("ACTORS_PORT")),
        KafkaPort = KafkaPort ?? CheckedKafkaPort(env("ACTORS_KAFKA_PORT"), "ACTORS_KAFKA_PORT"),
        KafkaSecurity = KafkaSecurity ?? CheckedKafkaSecurity(env("ACTORS_KAFKA_SECURITY"), "ACTORS_KAFKA_SECURITY"),
        HttpPort = HttpPort ?? CheckedPortOrOff(env("ACTORS_HTTP_PORT"), "ACTORS_HTTP_PORT"),
        Metrics = Metrics ?? CheckedFlag(env("ACTORS_METRICS"), "ACTORS_METRICS"),
        OtlpEndpoint = OtlpEndpoint ?? CheckedOtlpEndpoint(env("ACTORS_OTLP_ENDPOINT"), "ACTORS_OTLP_ENDPOINT"),
        Seeds = Seeds.Count > 0 ? Seeds : SplitList(env("ACTORS_SEED")),
        Roles = Roles.Count > 0 ? Roles : SplitList(env("ACTORS_ROLES")),
        ConfigFile = ConfigFile ?? env("ACTORS_CONFIG"),
        LogFormat = LogFormat ?? CheckedLogFormat(env("ACTORS_LOG_FORMAT"), "ACTORS_LOG_FORMAT"),
        Tls = Tls.Or(TlsFiles.FromEnvironment(env)),
        Insecure = Insecure ?? CheckedFlag(env("ACTORS_INSECURE"), "ACTORS_INSECURE"),
        Auth = Auth ?? CheckedFlag(env("ACTORS_AUTH"), "ACTORS_AUTH"),
        AdminPassword = AdminPassword ?? (env("ACTORS_ADMIN_PASSWORD") is { Length: > 0 } password ? password : null),
        AllowedPaths = AllowedPaths.Count > 0 ? AllowedPaths : CheckedPaths(SplitPaths(env("ACTORS_ALLOW_PATH")), "ACTORS_ALLOW_PATH"),
        AllowedTcpPorts = AllowedTcpPorts.Count > 0 ? AllowedTcpPorts : CheckedPorts(SplitList(env("ACTORS_ALLOW_TCP_PORT")), "ACTORS_ALLOW_TCP_PORT"),
    };

    /// <summary>Directories made absolute (from the working directory); an empty or malformed one is one line naming <paramref name="source"/>.</summary>
    internal static IReadOnlyList<string> CheckedPaths(IEnumerable<string> paths, string source) => paths.Select(path =>
    {
        try
        {
            return !string.IsNullOrWhiteSpace(path) ? Path.GetFullPath(path) : throw new ArgumentException("an empty path");
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new NodeConfigException($"{source}: '{path}' is not a directory path ({ex.Message})");
        }
    }).ToList();

    /// <summary>Ports and ranges as written, each checked; a bad one is one line naming <paramref name="source"/>.</summary>
    internal static IReadOnlyList<string> CheckedPorts(IEnumerable<string> ports, string source) => ports
        .SelectMany(p => SplitList(p))
        .Select(p => Actors.Streams.Pipelines.PortRange.TryParse(p, out var range)
            ? range.ToString()
            : throw new NodeConfigException($"{source}: '{p}' is not a port or a range like 9000-9100 (0-65535)")).ToList();

    /// <summary>A list of paths in one variable, separated as PATH is (':' here, ';' on Windows), so a path may hold commas and spaces.</summary>
    private static IReadOnlyList<string> SplitPaths(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A yes/no variable: 1/true/yes/on or 0/false/no/off (unset passes as null); else one line naming <paramref name="source"/>.</summary>
    internal static bool? CheckedFlag(string? value, string source) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new NodeConfigException($"{source}: '{value}' is not one of 1, true, yes, on, 0, false, no, off"),
    };

    internal static IReadOnlyList<string> SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary><paramref name="value"/> if it names a log format (null passes); else one line naming <paramref name="source"/>.</summary>
    internal static string? CheckedLogFormat(string? value, string source) =>
        value is null || NodeLogFormats.TryParse(value, out _)
            ? value
            : throw new NodeConfigException($"{source}: '{value}' is not text or json");

    /// <summary><paramref name="value"/> when it names a Kafka security protocol (null passes); else one line naming <paramref name="source"/>.</summary>
    internal static string? CheckedKafkaSecurity(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Actors.Kafka.Server.KafkaSecurityProtocols.Parse(value) is { } protocol
            ? Actors.Kafka.Server.KafkaSecurityProtocols.Name(protocol).ToLowerInvariant()
            : throw new NodeConfigException($"{source}: '{value}' is not {Actors.Kafka.Server.KafkaSecurityProtocols.Choices}");
    }

    /// <summary><paramref name="value"/> if it is a port number or <c>off</c> (null passes); else one line naming <paramref name="source"/>.</summary>
    internal static string? CheckedKafkaPort(string? value, string source) => CheckedPortOrOff(value, source);

    /// <summary><paramref name="value"/> if it is a port number or <c>off</c> (null passes); else one line naming <paramref name="source"/>.</summary>
    internal static string? CheckedPortOrOff(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (string.Equals(text, "off", StringComparison.OrdinalIgnoreCase)) return "off";
        return int.TryParse(text, out var port) && port is >= 0 and <= 65535
            ? port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new NodeConfigException($"{source}: '{value}' is not a port number (0-65535; 0 picks a free one) or off");
    }

    /// <summary>
    /// <paramref name="value"/> if it is an absolute http or https URL (null or empty passes); else one line naming
    /// <paramref name="source"/>.
    /// </summary>
    internal static string? CheckedOtlpEndpoint(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? text
            : throw new NodeConfigException($"{source}: '{value}' is not an http:// or https:// URL (an OTLP collector, like http://127.0.0.1:4318)");
    }

    private static int? ParsePort(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return int.TryParse(value, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new NodeConfigException($"ACTORS_PORT: '{value}' is not a port number (0-65535)");
    }
}

/// <summary>A configuration problem worth one line to the user, and exit code 2.</summary>
public sealed class NodeConfigException(string message) : Exception(message);
