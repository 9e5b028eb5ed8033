using System.CommandLine;
using Actors.Nodes.Configuration;

namespace Actors.Nodes.Cli;

/// <summary>
/// The options that say which node to be (<c>actors node</c> and the bare <c>actors</c>), each falling back to
/// its <c>ACTORS_*</c> environment variable, then to the HOCON files.
/// </summary>
public sealed class NodeOptions
{
    public Option<string?> Host { get; } = new("--host") { Description = "Host name or IP to listen on; 0.0.0.0 listens on every interface [env ACTORS_HOST; default 127.0.0.1]" };

    public Option<string?> PublicHost { get; } = new("--public-host")
    {
        Description = "The address other nodes and clients reach this node at [env ACTORS_PUBLIC_HOST; default the --host address, or for 0.0.0.0 this machine's first non-loopback IPv4 address]",
    };

    public Option<int?> Port { get; } = new("--port", "-p")
    {
        Description = "TCP port; 0 picks any free port [env ACTORS_PORT; default 4053]",
        CustomParser = OptionChecks.ParsePort,
    };

    public Option<string?> KafkaPort { get; } = new("--kafka-port")
    {
        Description = "The Kafka listener's port; 0 picks any free port, off runs no listener [env ACTORS_KAFKA_PORT; default 9092]",
    };

    public Option<string?> HttpPort { get; } = new("--http-port")
    {
        Description = "The HTTP endpoint's port (/health/live, /health/ready, /metrics, the console); 0 picks any free port, off opens none [env ACTORS_HTTP_PORT; default 8558 on 127.0.0.1]",
    };

    public Option<string?> Metrics { get; } = new("--metrics")
    {
        Description = "on or off: record metrics and serve them at /metrics (off measures the node without them) [env ACTORS_METRICS; default on]",
    };

    public Option<string?> OtlpEndpoint { get; } = new("--otlp-endpoint")
    {
        Description = "An OTLP collector (HTTP/protobuf, like http://127.0.0.1:4318) to export metrics and traces to [env ACTORS_OTLP_ENDPOINT; default none]",
    };

    public Option<string?> KafkaSecurity { get; } = new("--kafka-security")
    {
        Description = "The Kafka listener's protocol: plaintext, ssl (TLS with --tls-*; a client certificate signed by --tls-ca logs in as its CN), sasl_plaintext or sasl_ssl (PLAIN, SCRAM-SHA-256/512) [env ACTORS_KAFKA_SECURITY; default plaintext]",
    };

    public Option<string[]> Seed { get; } = new("--seed", "-s")
    {
        Description = "A seed node to join, host:port or akka.tcp://actors@host:port; repeatable [env ACTORS_SEED, comma-separated]. Without seeds the node forms a one-node cluster by joining itself",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Roles { get; } = new("--roles", "-r") { Description = "Cluster roles, e.g. broker,worker [env ACTORS_ROLES]", AllowMultipleArgumentsPerToken = true };

    public Option<string?> Config { get; } = new("--config", "-c") { Description = "An extra HOCON file layered over hocon/node.conf [env ACTORS_CONFIG]" };

    public Option<string?> SystemName { get; } = new("--system-name") { Description = $"Actor system name; all nodes of a cluster share it [env ACTORS_SYSTEM_NAME; default {NodeSettings.DefaultSystemName}]" };

    public Option<string?> LogFormat { get; } = new("--log-format") { Description = "text, or json: one JSON object per line for log shippers [env ACTORS_LOG_FORMAT; default text]" };

    public Option<string[]> AllowPath { get; } = new("--allow-path")
    {
        Description = "A directory pipeline files may read and write files under on this node; repeatable [env ACTORS_ALLOW_PATH, separated by '" +
            Path.PathSeparator + "'; default none: pipelines touch no file]",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> AllowTcpPort { get; } = new("--allow-tcp-port")
    {
        Description = "A port (or range 9000-9100) pipeline files may listen on on this node; repeatable [env ACTORS_ALLOW_TCP_PORT, comma-separated; default none]",
        AllowMultipleArgumentsPerToken = false,
    };

    public TlsOptions Tls { get; } = new("this node's");

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Listen on a non-loopback address without TLS: any program that reaches the port can join and use the cluster; warns at every start [env ACTORS_INSECURE]",
    };

    public Option<bool> Auth { get; } = new("--auth")
    {
        Description = "Require clients to log in (native clients with --user, Kafka clients over SASL); ACLs decide what each user may do. " +
            "The first user: ACTORS_ADMIN_PASSWORD adds user admin [env ACTORS_AUTH]",
    };

    public IEnumerable<Option> All => [Host, PublicHost, Port, KafkaPort, KafkaSecurity, HttpPort, Metrics, OtlpEndpoint, Seed, Roles, Config, SystemName, LogFormat, AllowPath, AllowTcpPort, .. Tls.All, Auth, Insecure];

    public NodeSettings Read(ParseResult parse) => new NodeSettings
    {
        SystemName = parse.GetValue(SystemName) ?? NodeSettings.DefaultSystemName,
        Host = parse.GetValue(Host),
        PublicHost = parse.GetValue(PublicHost),
        Port = parse.GetValue(Port),
        KafkaPort = NodeSettings.CheckedKafkaPort(parse.GetValue(KafkaPort), "--kafka-port"),
        KafkaSecurity = NodeSettings.CheckedKafkaSecurity(parse.GetValue(KafkaSecurity), "--kafka-security"),
        HttpPort = NodeSettings.CheckedPortOrOff(parse.GetValue(HttpPort), "--http-port"),
        Metrics = NodeSettings.CheckedFlag(parse.GetValue(Metrics), "--metrics"),
        OtlpEndpoint = NodeSettings.CheckedOtlpEndpoint(parse.GetValue(OtlpEndpoint), "--otlp-endpoint"),
        Seeds = (parse.GetValue(Seed) ?? []).SelectMany(s => NodeSettings.SplitList(s)).ToArray(),
        Roles = (parse.GetValue(Roles) ?? []).SelectMany(s => NodeSettings.SplitList(s)).ToArray(),
        ConfigFile = parse.GetValue(Config),
        LogFormat = NodeSettings.CheckedLogFormat(parse.GetValue(LogFormat), "--log-format"),
        AllowedPaths = NodeSettings.CheckedPaths(parse.GetValue(AllowPath) ?? [], "--allow-path"),
        AllowedTcpPorts = NodeSettings.CheckedPorts(parse.GetValue(AllowTcpPort) ?? [], "--allow-tcp-port"),
        Tls = Tls.Read(parse),
        Insecure = parse.GetValue(Insecure) ? true : null,
        Auth = parse.GetValue(Auth) ? true : null,
    }.WithEnvironmentDefaults(Environment.GetEnvironmentVariable);
}
