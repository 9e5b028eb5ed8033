using System.CommandLine;
using System.Net.Sockets;
using Actors.Nodes.Configuration;
using Actors.Nodes.Hosting;
using Microsoft.Extensions.Hosting;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors node</c> (also the default command): runs one cluster node until SIGTERM or Ctrl-C.
/// Options fall back to <c>ACTORS_*</c> environment variables, then to the HOCON files.
/// </summary>
public static class NodeCommand
{
    public static Command Create(NodeOptions options)
    {
        var command = new Command("node", "Run a cluster node (the default command). With no options: a one-node cluster on 127.0.0.1:4053 with embedded storage.");
        foreach (var option in options.All) command.Add(option);
        command.SetAction((parse, ct) => RunAsync(() => options.Read(parse), ct));
        return command;
    }

    /// <summary>
    /// Reads the settings (options, then <c>ACTORS_*</c> variables, which may be malformed too), loads the
    /// configuration, runs the node until it is stopped, and maps failures to exit codes.
    /// </summary>
    public static async Task<int> RunAsync(Func<NodeSettings> readSettings, CancellationToken ct)
    {
        NodeConfig node;
        try
        {
            node = NodeConfigLoader.Load(readSettings());
        }
        catch (NodeConfigException ex)
        {
            return ExitCodes.Report(ex);
        }

        using var host = NodeHost.Build(node);
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
            return ExitCodes.Fail($"the node could not start: {Innermost(ex).Message}", ExitCodes.Failure);
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
