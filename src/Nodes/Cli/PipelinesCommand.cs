using System.CommandLine;
using System.Globalization;
using Actors.Client;
using Actors.Streams.Pipelines.Hosting;
using Actors.Streams.Serialization;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors pipelines</c> (the cluster's pipelines: node, elements in and out, elements/s, state),
/// <c>actors pipelines stop NAME</c>, and the remote half of <c>actors run FILE --seed</c>: all reach the
/// pipeline registry through a node's gateway.
/// </summary>
public static class PipelinesCommand
{
    /// <summary>The node to talk to; <c>--seed</c> is the word for it, <c>--node</c> the other commands'.</summary>
    internal static Option<string?> NodeOption() => new("--seed", "--node", "-s", "-n")
    {
        Description = "A node of the cluster, host:port [env ACTORS_NODE; default 127.0.0.1:4053]",
    };

    internal static Option<string?> SystemNameOption() => new("--system-name") { Description = "The cluster's actor system name [env ACTORS_SYSTEM_NAME; default actors]" };

    internal static Option<int> TimeoutOption() => new("--timeout") { Description = "Seconds to wait for the cluster to answer", DefaultValueFactory = _ => 10 };

    public static Command Create()
    {
        var node = NodeOption();
        var systemName = SystemNameOption();
        var timeout = TimeoutOption();
        var command = new Command("pipelines", "List the pipelines running on a cluster: node, elements in and out, elements/s, state")
        {
            node, systemName, timeout, Stop(),
        };
        command.SetAction((parse, ct) => WithClientAsync(parse.GetValue(node), parse.GetValue(systemName), parse.GetValue(timeout), ct, async (client, wait) =>
        {
            var reply = await client.Gateway.Ask<PipelineList>(ListPipelines.Instance, wait, ct);
            Console.Write(Render(reply.Pipelines));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Stop()
    {
        var name = new Argument<string>("name") { Description = "The pipeline's name (pipeline.name in its file)" };
        var node = NodeOption();
        var systemName = SystemNameOption();
        var timeout = TimeoutOption();
        var command = new Command("stop", "Stop a pipeline wherever it runs and forget it") { name, node, systemName, timeout };
        command.SetAction((parse, ct) => WithClientAsync(parse.GetValue(node), parse.GetValue(systemName), parse.GetValue(timeout), ct, async (client, wait) =>
            Answer<PipelineStopped>(await client.Gateway.Ask<object>(new StopPipeline(parse.GetValue(name)!), wait, ct),
                stopped => $"pipeline {stopped.Name} stopped")));
        return command;
    }

    /// <summary>Sends a locally checked file to the cluster, which checks it again, records it and gives it to a node.</summary>
    internal static Task<int> SubmitAsync(string? endpoint, string? systemName, int timeoutSeconds, string file, string text, CancellationToken ct) =>
        WithClientAsync(endpoint, systemName, timeoutSeconds, ct, async (client, wait) =>
            Answer<PipelineSubmitted>(await client.Gateway.Ask<object>(new SubmitPipeline(file, text), wait, ct), submitted => submitted.Node.Length > 0
                ? $"pipeline {submitted.Name} submitted; it runs on {HostPort(submitted.Node)}"
                : $"pipeline {submitted.Name} submitted; it starts when a node can take it (actors pipelines shows where)"));

    /// <summary>The registry's answer to a command: the expected one printed (exit 0), a refusal as one line (exit 2).</summary>
    private static int Answer<T>(object reply, Func<T, string> describe)
    {
        switch (reply)
        {
            case T expected:
                Console.WriteLine(describe(expected));
                return ExitCodes.Ok;
            case PipelineRejected rejected:
                return ExitCodes.Fail(rejected.Reason);
            default:
                Console.Error.WriteLine($"error: unexpected reply {reply.GetType().Name}");
                return ExitCodes.Failure;
        }
    }

    /// <summary>The table <c>actors pipelines</c> prints; counts of pipelines that cannot be counted show as '-'.</summary>
    internal static string Render(IReadOnlyList<PipelineInfo> pipelines)
    {
        if (pipelines.Count == 0) return "(no pipelines: `actors run FILE --seed host:port` submits one)\n";
        var rows = pipelines.Select(p => new[]
        {
            p.Name, p.Node.Length > 0 ? HostPort(p.Node) : "-", Count(p.ElementsIn), Count(p.ElementsOut),
            p.ElementsIn < 0 ? "-" : p.ElementsPerSecond.ToString("N1", CultureInfo.InvariantCulture), p.State,
        }).ToList();
        string[] header = ["NAME", "NODE", "IN", "OUT", "ELEMENTS/S", "STATE"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var lines = rows.Prepend(header).Select(r => string.Join("  ", r.Select((cell, i) =>
            i == r.Length - 1 ? cell : i is >= 2 and <= 4 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))));
        return string.Join('\n', lines) + "\n";
    }

    private static string Count(long value) => value < 0 ? "-" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string HostPort(string address) => address.Contains('@') ? address[(address.IndexOf('@') + 1)..] : address;

    /// <summary>Connects to the node, runs <paramref name="action"/>, and turns failures into one-line errors (exit 2 when no node answers).</summary>
    private static async Task<int> WithClientAsync(string? endpoint, string? systemName, int timeoutSeconds, CancellationToken ct,
        Func<GatewayClient, TimeSpan, Task<int>> action)
    {
        var node = endpoint ?? Environment.GetEnvironmentVariable("ACTORS_NODE") ?? "127.0.0.1:4053";
        var system = systemName ?? Environment.GetEnvironmentVariable("ACTORS_SYSTEM_NAME") ?? "actors";
        var timeout = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds));
        GatewayClient client;
        try
        {
            client = await GatewayClient.ConnectAsync(node, system, timeout, ct);
            StreamsSerializer.Register(client.System);
        }
        catch (TopicException e)
        {
            return ExitCodes.Fail(e.Message);
        }

        await using (client)
        {
            try
            {
                return await action(client, timeout);
            }
            catch (AskTimeoutException)
            {
                Console.Error.WriteLine($"error: the cluster at {node} did not answer within {timeout.TotalSeconds:0} s (is its pipeline registry up? try again, or raise --timeout)");
                return ExitCodes.Failure;
            }
        }
    }
}
