using System.Text;
using System.Text.RegularExpressions;
using Actors.Hocon;
using Actors.Security;

namespace Actors.Nodes.Configuration;

/// <summary>
/// Builds a node's effective HOCON in three layers, highest precedence first: command-line options,
/// the <c>--config</c> file, then <c>hocon/node.conf</c>; the libraries' reference configs sit below.
/// <see cref="Layer"/> reads and checks the node's own layers without touching storage or any port (it reads the
/// HOCON files and resolves host names), so its listeners can be checked before storage starts;
/// <see cref="Complete"/> adds the storage and library settings, which readies the SQLite file. Every problem (a missing file, a parse error, a seed of another system) becomes a
/// <see cref="NodeConfigException"/> with one line naming the file and, where the parser tells it, the line.
/// </summary>
public static partial class NodeConfigLoader
{
    public const string BaseFileName = "node.conf";
    internal const string HostnameKey = "akka.remote.dot-netty.tcp.hostname";
    internal const string PublicHostnameKey = "akka.remote.dot-netty.tcp.public-hostname";
    internal const string PortKey = "akka.remote.dot-netty.tcp.port";
    internal const string KafkaEnabledKey = "actors.edge.kafka.enabled";
    internal const string KafkaHostKey = "actors.edge.kafka.host";
    internal const string KafkaPortKey = "actors.edge.kafka.port";
    internal const string KafkaSecurityKey = "actors.edge.kafka.security-protocol";
    internal const string AuthenticationKey = "actors.security.authentication";
    internal const string KafkaAdvertisedHostKey = "actors.edge.kafka.advertised-host";
    internal const string InsecureKey = "actors.node.insecure";
    internal const string HttpHostKey = "actors.node.http.hostname";
    internal const string HttpPortKey = "actors.node.http.port";
    internal const string MetricsKey = "actors.node.metrics";
    internal const string OtlpEndpointKey = "actors.node.otlp-endpoint";

    /// <summary><see cref="Layer"/> then <see cref="Complete"/>.</summary>
    public static NodeConfig Load(NodeSettings settings) => Complete(Layer(settings));

    /// <summary>
    /// The node's own settings (options, then the files), checked: port, log level and format, seeds (resolved,
    /// of this system), and the address it advertises (<c>public-hostname</c>, see <see cref="NodeAddresses"/>).
    /// </summary>
    public static NodeConfig Layer(NodeSettings settings)
    {
        var baseConfig = ParseFile(Path.Combine(settings.HoconDirectory, BaseFileName));
        var userConfig = settings.ConfigFile is null ? Config.Empty : ParseFile(settings.ConfigFile);
        var layered = ConfigurationFactory.ParseString(RenderOverrides(settings))
            .WithFallback(userConfig)
            .WithFallback(baseConfig);
        CheckPort(layered, settings);
        CheckKafkaPort(layered, settings);
        CheckDataLinks(layered);
        CheckHttp(layered, settings);
        CheckSandbox(layered);

        // Seeds named in a --config file count as much as --seed ones; both are checked alike.
        var tls = LoadTls(layered, settings);
        CheckKafkaSecurity(layered, settings, tls);
        var seeds = NormalizeSeeds(settings.Seeds.Count > 0 ? settings.Seeds : layered.GetStringList("akka.cluster.seed-nodes", []),
            settings.SystemName, TlsCredentials.ProtocolOf(tls));
        var derived = ConfigurationFactory.ParseString(RenderDerived(seeds, AdvertisedHost(layered, settings), layered, tls is not null));
        return new NodeConfig(settings.SystemName, derived.WithFallback(layered), seeds, ReadLogLevel(layered))
        {
            LogFormat = ReadLogFormat(layered, settings),
            Tls = tls,
            Insecure = settings.Insecure ?? layered.GetBoolean(InsecureKey, false),
        };
    }

    /// <summary>The node's settings over those its storage choice implies and the libraries' defaults.</summary>
    public static NodeConfig Complete(NodeConfig layered) => layered with
    {
        Config = Actors.ActorsSettings.Complete(layered.Config).WithFallback(Actors.Streams.StreamsSettings.DefaultConfig())
            .WithFallback(Actors.Kafka.Edge.KafkaEdgeHostingExtensions.DefaultConfig()),
    };

    /// <summary>
    /// The address the node advertises, from the highest layer that names one: <c>--public-host</c>, a <c>--host</c>
    /// that is not 0.0.0.0, the files' <c>public-hostname</c>, their <c>hostname</c>; for 0.0.0.0 this machine's
    /// first non-loopback IPv4 address.
    /// </summary>
    private static string AdvertisedHost(Config layered, NodeSettings settings)
    {
        if (settings.PublicHost is { } publicHost) return NodeAddresses.Advertised(publicHost, "--public-host");
        if (settings.Host is { } host && !NodeAddresses.IsWildcard(host)) return NodeAddresses.Advertised(host, "--host");
        var configured = layered.GetString(PublicHostnameKey, "");
        if (settings.Host is null && !NodeAddresses.IsWildcard(configured)) return NodeAddresses.Advertised(configured, PublicHostnameKey);
        var bind = layered.GetString(HostnameKey, "");
        return NodeAddresses.IsWildcard(bind) ? NodeAddresses.FirstNonLoopbackIPv4() : NodeAddresses.Advertised(bind, HostnameKey);
    }

    /// <summary>
    /// The node's TLS identity from the options (or <c>ACTORS_TLS_*</c>), else from <c>actors.tls</c>, loaded and
    /// checked now so that a wrong file is one line before anything starts; null when none is named.
    /// </summary>
    private static TlsCredentials? LoadTls(Config layered, NodeSettings settings)
    {
        try
        {
            return TlsCredentials.Load(settings.Tls.Or(TlsFiles.FromConfig(layered)));
        }
        catch (TlsException ex)
        {
            throw new NodeConfigException(ex.Message);
        }
    }

    private static NodeLogFormat ReadLogFormat(Config config, NodeSettings settings)
    {
        var text = settings.LogFormat ?? config.GetString("actors.node.log-format", "text");
        return NodeLogFormats.TryParse(text, out var format)
            ? format
            : throw new NodeConfigException($"actors.node.log-format: '{text}' is not text or json");
    }

    /// <summary>
    /// The port the node will listen on, whichever layer set it (option, ACTORS_PORT, a file), checked before
    /// anything starts: remoting would otherwise fail deep inside start-up with a stack trace.
    /// </summary>
    private static void CheckPort(Config config, NodeSettings settings) =>
        CheckPortNumber(config.GetString(PortKey, ""), settings.Port is not null ? "--port" : PortKey);

    /// <summary>The Kafka listener's port, whichever layer set it, checked like the remoting port (when the listener is on).</summary>
    private static void CheckKafkaPort(Config config, NodeSettings settings)
    {
        if (!config.GetBoolean(KafkaEnabledKey, true)) return;
        CheckPortNumber(config.GetString(KafkaPortKey, "9092"), settings.KafkaPort is not null ? "--kafka-port" : KafkaPortKey);
    }

    /// <summary>The data links' switch and port (<c>actors.gateway.data-link</c>), checked like the other ports.</summary>
    private static void CheckDataLinks(Config config)
    {
        const string enabled = Gateway.DataLinks.EnabledKey, port = Gateway.DataLinks.PortKey;
        var on = config.GetString(enabled, "on");
        if (on is not ("on" or "off" or "true" or "false" or "yes" or "no"))
            throw new NodeConfigException($"{enabled}: '{on}' is not on or off");
        CheckPortNumber(config.GetString(port, "0"), port);
    }

    /// <summary>A port number (0-65535), as <paramref name="source"/> (an option or a setting) gave it; else one line naming it.</summary>
    private static void CheckPortNumber(string text, string source)
    {
        if (!int.TryParse(text, out var port) || port is < 0 or > 65535)
            throw new NodeConfigException($"{source}: '{text}' is not a port number (0-65535; 0 picks a free one)");
    }

    /// <summary>
    /// The HTTP endpoint's port (a number or off), its metrics switch and its OTLP endpoint, whichever layer set them,
    /// checked like the other ports: one line before anything starts.
    /// </summary>
    private static void CheckHttp(Config config, NodeSettings settings)
    {
        var port = config.GetString(HttpPortKey, "8558");
        NodeSettings.CheckedPortOrOff(port.Length == 0 ? "off" : port, settings.HttpPort is not null ? "--http-port" : HttpPortKey);
        NodeSettings.CheckedOtlpEndpoint(config.GetString(OtlpEndpointKey, ""), settings.OtlpEndpoint is not null ? "--otlp-endpoint" : OtlpEndpointKey);
        try
        {
            _ = Hosting.NodeTelemetrySettings.Create(config);
        }
        catch (Exception ex) when (ex is not NodeConfigException)
        {
            throw new NodeConfigException($"actors.node.metrics / otlp-export-interval / trace-sample-ratio: {ex.Message}");
        }
    }

    /// <summary>The pipelines' sandbox, whichever layer set it, read now so that a bad entry is one line before anything starts.</summary>
    private static void CheckSandbox(Config config)
    {
        try
        {
            _ = Actors.Streams.Pipelines.PipelineSandbox.Create(config);
        }
        catch (ConfigurationException ex)
        {
            throw new NodeConfigException(ex.Message);
        }
    }

    /// <summary>
    /// The Kafka listener's protocol, whichever layer set it: a known name, TLS only with the node's certificate, and
    /// with authentication on, no plaintext listener (nobody could log in on it).
    /// </summary>
    private static void CheckKafkaSecurity(Config config, NodeSettings settings, TlsCredentials? tls)
    {
        if (!config.GetBoolean(KafkaEnabledKey, true)) return;
        var source = settings.KafkaSecurity is not null ? "--kafka-security" : KafkaSecurityKey;
        var text = config.GetString(KafkaSecurityKey, "plaintext");
        var protocol = Actors.Kafka.Server.KafkaSecurityProtocols.Parse(text)
            ?? throw new NodeConfigException($"{source}: '{text}' is not {Actors.Kafka.Server.KafkaSecurityProtocols.Choices}");
        if (Actors.Kafka.Server.KafkaSecurityProtocols.UsesTls(protocol) && tls is null)
            throw new NodeConfigException($"{source} {text} needs this node's certificate: {SecureByDefault.TlsOptions}");
        if (protocol == Actors.Kafka.Server.KafkaSecurityProtocol.Plaintext && config.GetBoolean(AuthenticationKey, false))
            throw new NodeConfigException($"--auth ({AuthenticationKey}) is on but the Kafka listener is plaintext: add --kafka-security sasl_ssl (or sasl_plaintext, or ssl for client certificates), or --kafka-port off");
    }

    private static LogLevel ReadLogLevel(Config config)
    {
        var text = config.GetString("akka.loglevel", "INFO");
        try
        {
            return Logging.LogLevelFor(text);
        }
        catch (ArgumentException)
        {
            throw new NodeConfigException($"akka.loglevel = {text}: expected DEBUG, INFO, WARNING, ERROR or OFF");
        }
    }

    /// <summary>Parses one HOCON file, turning any failure into a one-line message with file and line.</summary>
    public static Config ParseFile(string path)
    {
        if (!File.Exists(path))
            throw new NodeConfigException($"{path}: file not found");
        string text;
        try
        {
            text = HoconDocument.ReadText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NodeConfigException($"{path}: cannot read: {ex.Message}");
        }
        catch (HoconException ex)
        {
            throw Malformed(ex);
        }

        return ParseText(text, path, fromFile: true);
    }

    /// <summary>
    /// Parses HOCON text; <paramref name="origin"/> names it in errors. Text <paramref name="fromFile"/> (origin is
    /// its path) may include other files, relative to it.
    /// </summary>
    public static Config ParseText(string text, string origin, bool fromFile = false)
    {
        try
        {
            // KEY PATTERN: our own parser checks the text first. It names file, line and column, and it fails
            // fast where Akka's parser hangs (an unclosed '[' or '{'), shrugs (a stray '}' after the root) or
            // overflows its stack (ten thousand '['): it bounds nesting and size.
            var document = (fromFile ? HoconDocument.ParseFile(text, origin) : HoconDocument.Parse(text, origin)).ResolveAll();
            // Akka's parser cannot follow includes as HOCON defines them: it gets the file with them merged in.
            if (document.Includes.Count > 0) text = document.Render();
        }
        catch (HoconException ex)
        {
            throw Malformed(ex);
        }

        try
        {
            var config = ConfigurationFactory.ParseString(text);
            // The parser is lazy about some errors (unresolved substitutions); touching the root surfaces them.
            _ = config.Root;
            return config;
        }
        catch (Exception ex)
        {
            throw new NodeConfigException(DescribeParseError(origin, text, ex));
        }
    }

    private static NodeConfigException Malformed(HoconException ex) =>
        new($"{ex.Origin}:{ex.Line}:{ex.Column}: malformed HOCON: {ex.Problem}");

    internal static string DescribeParseError(string origin, string text, Exception ex)
    {
        var message = FirstLine(ex.Message);
        var line = LineFromMessage(message);
        return line is null
            ? $"{origin}: malformed HOCON: {message}"
            : $"{origin}:{line}: malformed HOCON: {StripPosition(message)}";
    }

    private static int? LineFromMessage(string message)
    {
        var match = LinePattern().Match(message);
        return match.Success && int.TryParse(match.Groups["line"].Value, out var line) ? line : null;
    }

    private static string StripPosition(string message) => PositionSuffix().Replace(message, "").Trim();

    private static string FirstLine(string message)
    {
        var text = message.ReplaceLineEndings("\n");
        var cut = text.IndexOf('\n');
        return (cut < 0 ? text : text[..cut]).Trim();
    }

    internal static IReadOnlyList<Address> NormalizeSeeds(IEnumerable<string> seeds, string systemName, string protocol = "akka.tcp")
    {
        var result = new List<Address>();
        foreach (var raw in seeds.Select(s => s.Trim()).Where(s => s.Length > 0))
        {
            // A seed written akka.tcp:// is called over TLS when this node uses it: one cluster speaks one scheme.
            var parsed = ParseSeed(raw, systemName);
            var address = new Address(protocol, parsed.System, parsed.Host, parsed.Port);
            if (address.System != systemName)
                throw new NodeConfigException(
                    $"seed {raw}: its system name is '{address.System}' but this node's is '{systemName}'; " +
                    "nodes only form a cluster with the same system name (see --system-name)");
            if (!result.Contains(address)) result.Add(address);
        }

        return result;
    }

    private static Address ParseSeed(string raw, string systemName)
    {
        if (raw.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                var address = Address.Parse(raw);
                if (address.Host is null || address.Port is null) throw new UriFormatException("no host or port");
                return address.WithHost(NodeAddresses.AdvertisedOrAsIs(address.Host));
            }
            catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
            {
                throw new NodeConfigException($"seed {raw}: not an address like akka.tcp://{systemName}@127.0.0.1:4053 ({ex.Message})");
            }
        }

        var colon = raw.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(raw[(colon + 1)..], out var port) || port is <= 0 or > 65535)
            throw new NodeConfigException($"seed {raw}: expected host:port (like 127.0.0.1:4053) or akka.tcp://{systemName}@host:port");
        return new Address("akka.tcp", systemName, NodeAddresses.AdvertisedOrAsIs(raw[..colon].Trim('[', ']')), port);
    }

    /// <summary>The options' layer: what the command line (or its variables) set.</summary>
    private static string RenderOverrides(NodeSettings settings)
    {
        var hocon = new StringBuilder();
        if (settings.Host is not null) hocon.AppendLine($"{HostnameKey} = {Quote(settings.Host)}");
        if (settings.Port is { } port) hocon.AppendLine($"{PortKey} = {port}");
        if (settings.KafkaPort == "off") hocon.AppendLine($"{KafkaEnabledKey} = off");
        else if (settings.KafkaPort is { } kafkaPort) hocon.AppendLine($"{KafkaEnabledKey} = on\n{KafkaPortKey} = {kafkaPort}");
        if (settings.HttpPort is { } httpPort) hocon.AppendLine($"{HttpPortKey} = {httpPort}");
        if (settings.Metrics is { } metrics) hocon.AppendLine($"{MetricsKey} = {(metrics ? "on" : "off")}");
        if (settings.OtlpEndpoint is { } otlp) hocon.AppendLine($"{OtlpEndpointKey} = {Quote(otlp)}");
        if (settings.Auth is { } auth) hocon.AppendLine($"{AuthenticationKey} = {(auth ? "on" : "off")}");
        if (settings.AdminPassword is { } password) hocon.AppendLine($"actors.security.admin-password = {Quote(password)}");
        if (settings.KafkaSecurity is { } kafkaSecurity) hocon.AppendLine($"{KafkaSecurityKey} = {kafkaSecurity}");
        if (settings.Roles.Count > 0)
            hocon.AppendLine($"akka.cluster.roles = [{string.Join(", ", settings.Roles.Select(Quote))}]");
        if (settings.AllowedPaths.Count > 0)
            hocon.AppendLine($"{Actors.Streams.Pipelines.PipelineSandbox.PathsKey} = [{string.Join(", ", settings.AllowedPaths.Select(Quote))}]");
        if (settings.AllowedTcpPorts.Count > 0)
            hocon.AppendLine($"{Actors.Streams.Pipelines.PipelineSandbox.PortsKey} = [{string.Join(", ", settings.AllowedTcpPorts.Select(Quote))}]");
        return hocon.ToString();
    }

    /// <summary>
    /// What the layers imply, above them all: the seeds as checked and resolved, the advertised address, and a
    /// listener nobody else can share (SO_REUSEPORT would let a second node listen on the same port). The Kafka
    /// listener binds where remoting binds and advertises what remoting advertises, unless its own keys say otherwise.
    /// </summary>
    private static string RenderDerived(IReadOnlyList<Address> seeds, string advertised, Config layered, bool tls)
    {
        var hocon = new StringBuilder();
        if (tls) hocon.AppendLine(TlsCredentials.EnableHocon);
        hocon.AppendLine($"{PublicHostnameKey} = {Quote(advertised)}");
        if (layered.GetString(KafkaHostKey, "").Length == 0)
            hocon.AppendLine($"{KafkaHostKey} = {Quote(layered.GetString(HostnameKey, "127.0.0.1"))}");
        if (layered.GetString(KafkaAdvertisedHostKey, "").Length == 0)
            hocon.AppendLine($"{KafkaAdvertisedHostKey} = {Quote(advertised)}");
        hocon.AppendLine("akka.remote.dot-netty.tcp.tcp-reuse-addr = off");
        if (seeds.Count > 0)
            hocon.AppendLine($"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(s => Quote(s.ToString())))}]");
        return hocon.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"[Ll]ine[:\s]+(?<line>\d+)")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"\s*(at\s+)?[Ll]ine[:\s]+\d+([,\s]*[Cc]olumn[:\s]+\d+)?\.?")]
    private static partial Regex PositionSuffix();
}

/// <summary>
/// The effective configuration of one node, the seeds it will join (none: it joins itself), the
/// <c>akka.loglevel</c> its files ask for and the format of its log lines.
/// </summary>
public sealed record NodeConfig(string SystemName, Config Config, IReadOnlyList<Address> Seeds, LogLevel LogLevel)
{
    public NodeLogFormat LogFormat { get; init; } = NodeLogFormat.Text;

    /// <summary>The node's TLS identity (remoting over <c>akka.ssl.tcp</c>, mutual); null: plain TCP.</summary>
    public TlsCredentials? Tls { get; init; }

    /// <summary>Whether <c>--insecure</c> (or <c>actors.node.insecure</c>) lets it listen beyond loopback without TLS.</summary>
    public bool Insecure { get; init; }
}
