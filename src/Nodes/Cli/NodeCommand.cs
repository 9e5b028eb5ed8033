using System.CommandLine;
using System.Net.Sockets;
using Actors.Nodes.Configuration;
using Actors.Nodes.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors node</c> (also the default command): runs one cluster node until SIGTERM or Ctrl-C.
/// Options fall back to <c>ACTORS_*</c> environment variables, then to the HOCON files.
/// </summary>
public static class NodeCommand
{
    /// <summary>The options that say which node to be; shared by every command that starts an embedded node.</summary>
    public sealed class NodeOptions
    {
        public Option<string?> Host { get; } = new("--host") { Description = "Host name or IP to listen on and advertise [env ACTORS_HOST; default 127.0.0.1]" };
        public Option<int?> Port { get; } = new("--port", "-p") { Description = "TCP port; 0 picks any free port [env ACTORS_PORT; default 4053]" };
        public Option<string[]> Seed { get; } = new("--seed", "-s") { Description = "A seed node to join, host:port or akka.tcp://actors@host:port; repeatable [env ACTORS_SEED, comma-separated]. Without seeds the node forms a one-node cluster by joining itself", AllowMultipleArgumentsPerToken = false };
        public Option<string[]> Roles { get; } = new("--roles", "-r") { Description = "Cluster roles, e.g. broker,worker [env ACTORS_ROLES]", AllowMultipleArgumentsPerToken = true };
        public Option<string?> Config { get; } = new("--config", "-c") { Description = "An extra HOCON file layered over hocon/node.conf [env ACTORS_CONFIG]" };
        public Option<string?> SystemName { get; } = new("--system-name") { Description = "Actor system name; all nodes of a cluster share it [env ACTORS_SYSTEM_NAME; default actors]" };

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

    public static Command Create(NodeOptions options)
    {
        var command = new Command("node", "Run a cluster node (the default command). With no options: a one-node cluster on 127.0.0.1:4053 with embedded storage.");
        foreach (var option in options.All) command.Add(option);
        command.SetAction((parse, ct) => RunAsync(options.Read(parse), configure: null, ct));
        return command;
    }

    /// <summary>Loads the configuration, runs the node until it is stopped, and maps failures to exit codes.</summary>
    public static async Task<int> RunAsync(NodeSettings settings, Action<AkkaConfigurationBuilder, IServiceProvider>? configure, CancellationToken ct)
    {
        NodeConfig node;
        try
        {
            node = NodeConfigLoader.Load(settings);
        }
        catch (NodeConfigException ex)
        {
            return ExitCodes.Fail(ex.Message);
        }

        using var host = NodeHost.Build(node, configure);
        try
        {
            await host.StartAsync(ct);
        }
        catch (Exception ex) when (FindSocketError(ex) is { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            var port = node.Config.GetInt("akka.remote.dot-netty.tcp.port");
            return ExitCodes.Fail($"cannot listen on port {port}: address already in use (is another node running there? --port 0 picks a free port)");
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            // A value Akka rejects only at start-up (say, port = "abc"): one line, not a stack trace.
            Console.Error.WriteLine($"error: the node could not start: {Innermost(ex).Message}");
            return ExitCodes.Failure;
        }

        await host.WaitForShutdownAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is { } inner) ex = inner;
        return ex;
    }

    private static SocketException? FindSocketError(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket) return socket;
            if (e is AggregateException agg)
                foreach (var inner in agg.InnerExceptions)
                    if (FindSocketError(inner) is { } found) return found;
        }

        return null;
    }
}
