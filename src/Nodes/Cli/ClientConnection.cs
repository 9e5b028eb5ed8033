using Actors.Client;
using Actors.Security;
using Actors.Streams;

namespace Actors.Nodes.Cli;

/// <summary>
/// The one way a command reaches a running node: connect to its gateway (with the streams library's
/// configuration, whose serializer carries the pipeline protocol), run the command, disconnect, and turn any
/// failure into its exit code and one line (<see cref="ExitCodes"/>).
/// </summary>
internal static class ClientConnection
{
    public static async Task<int> RunAsync(ClientSettings settings, CancellationToken ct, Func<GatewayClient, Task<int>> command)
    {
        try
        {
            var tls = TlsCredentials.Load(settings.Tls);
            await using var client = await GatewayClient.ConnectAsync(settings.Node, settings.SystemName, settings.Timeout, StreamsSettings.DefaultConfig(), ct, tls, settings.Credential());
            return await command(client);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ExitCodes.Report(e, settings);
        }
    }
}
