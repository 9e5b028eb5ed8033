using System.CommandLine;
using Actors.Nodes.Configuration;

namespace Actors.Nodes.Cli;

/// <summary>
/// The options that say which node to be (<c>actors node</c> and the bare <c>actors</c>), each falling back to
/// its <c>ACTORS_*</c> environment variable, then to the HOCON files.
/// </summary>
public sealed class NodeOptions
{
    public Option<string?> Host { get; } = new("--host") { Description = "Host name or IP to listen on and advertise [env ACTORS_HOST; default 127.0.0.1]" };

    public Option<int?> Port { get; } = new("--port", "-p")
    {
        Description = "TCP port; 0 picks any free port [env ACTORS_PORT; default 4053]",
        CustomParser = OptionChecks.ParsePort,
    };

    public Option<string[]> Seed { get; } = new("--seed", "-s")
    {
        Description = "A seed node to join, host:port or akka.tcp://actors@host:port; repeatable [env ACTORS_SEED, comma-separated]. Without seeds the node forms a one-node cluster by joining itself",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Roles { get; } = new("--roles", "-r") { Description = "Cluster roles, e.g. broker,worker [env ACTORS_ROLES]", AllowMultipleArgumentsPerToken = true };

    public Option<string?> Config { get; } = new("--config", "-c") { Description = "An extra HOCON file layered over hocon/node.conf [env ACTORS_CONFIG]" };

    public Option<string?> SystemName { get; } = new("--system-name") { Description = $"Actor system name; all nodes of a cluster share it [env ACTORS_SYSTEM_NAME; default {NodeSettings.DefaultSystemName}]" };

    public IEnumerable<Option> All => [Host, Port, Seed, Roles, Config, SystemName];

    public NodeSettings Read(ParseResult parse) => new NodeSettings
    {
        SystemName = parse.GetValue(SystemName) ?? NodeSettings.DefaultSystemName,
        Host = parse.GetValue(Host),
        Port = parse.GetValue(Port),
        Seeds = (parse.GetValue(Seed) ?? []).SelectMany(s => NodeSettings.SplitList(s)).ToArray(),
        Roles = (parse.GetValue(Roles) ?? []).SelectMany(s => NodeSettings.SplitList(s)).ToArray(),
        ConfigFile = parse.GetValue(Config),
    }.WithEnvironmentDefaults(Environment.GetEnvironmentVariable);
}
