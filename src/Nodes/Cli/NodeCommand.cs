using System.CommandLine;
using System.Net.Sockets;
using Actors.Nodes.Configuration;
using Actors.Nodes.Hosting;
using Actors.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
    /// configuration, checks the node's ports and readies its storage, in that order (a node refused for a
    /// taken port has written nothing), runs the node until it is stopped, and maps failures to exit codes.
    /// </summary>
    public static async Task<int> RunAsync(Func<NodeSettings> readSettings, CancellationToken ct)
    {
        NodeConfig node;
        try
        {
            var layered = NodeConfigLoader.Layer(readSettings());
            SecureByDefault.Ensure(layered);
            NodeListeners.EnsureFree(NodeListeners.Of(layered.Config));
            node = await ReadyStorageAsync(layered, ct);
        }
        catch (NodeConfigException ex)
        {
            return ExitCodes.Report(ex);
        }
        catch (ConfigurationException ex)
        {
            return ExitCodes.Fail(ex.Message);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }

        using var host = NodeHost.Build(node);
        try
        {
            await host.StartAsync(ct);
        }
        catch (Exception ex) when (Find<Actors.Kafka.Edge.KafkaPortInUseException>(ex) is { } kafka)
        {
            // Another process bound the Kafka port between the check and the listener's bind.
            return ExitCodes.Report(NodeListeners.InUse(kafka.Host, kafka.Port, kafka.Error));
        }
        catch (Exception ex) when (Find<Microsoft.AspNetCore.Connections.AddressInUseException>(ex) is not null
                                   && Http.NodeHttpSettings.Create(node.Config) is { } http)
        {
            // Another process bound the HTTP port between the check and Kestrel's bind.
            return ExitCodes.Report(NodeListeners.InUse(http.Host, http.Port));
        }
        catch (Exception ex) when (FindSocketError(ex) is { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            // Another node bound the port between the check and remoting's bind: the same line as the check's.
            return ExitCodes.Report(NodeListeners.InUse(node.Config.GetString(NodeConfigLoader.HostnameKey), node.Config.GetInt(NodeConfigLoader.PortKey)));
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
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(NodeHost.NodeLogCategory)
            .LogInformation("node stopped");
        // Akka stops a node whose outbound TLS handshake failed: not a clean stop. Either this node refused the peer's
        // certificate (its log's "TLS: refused ..." line says which peer and why), or the peer refused this node's
        // first, and only the peer's log knows why: which of the two depends on who checked first.
        var reason = CoordinatedShutdown.Get(host.Services.GetRequiredService<ActorSystem>()).ShutdownReason;
        if (reason?.GetType().Name != "TlsHandshakeFailureReason") return ExitCodes.Ok;
        return ExitCodes.Fail(host.Services.GetRequiredService<TlsRefusals>().Any
            ? $"the node stopped: {reason} (see the TLS line in its log)"
            : $"the node stopped: {reason}: the peer refused this node's certificate (is it signed by the cluster's CA? the peer's log says why)",
            ExitCodes.Failure);
    }

    /// <summary>
    /// Waits until the node's SQLite file is free (<see cref="NodeStorage"/>), then completes its configuration,
    /// which opens the file once more; a lock taken again in between sends it back to waiting.
    /// </summary>
    private static async Task<NodeConfig> ReadyStorageAsync(NodeConfig layered, CancellationToken ct)
    {
        using var startup = NodeLogging.CreateFactory(layered);
        var logger = startup.CreateLogger(NodeHost.NodeLogCategory);
        while (true)
        {
            await NodeStorage.WaitUntilReadyAsync(layered, logger, ct);
            try
            {
                return NodeConfigLoader.Complete(layered);
            }
            catch (SqliteException ex) when (SqliteJournalFile.IsLocked(ex))
            {
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is { } inner) ex = inner;
        return ex;
    }

    private static T? Find<T>(Exception ex) where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
            if (e is AggregateException agg)
                foreach (var inner in agg.InnerExceptions)
                    if (Find<T>(inner) is { } nested) return nested;
        }

        return null;
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
