using System.CommandLine;
using Actors.Streams.Pipelines;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors pipelines</c> (the cluster's pipelines: node, elements in and out, elements/s, state) and
/// <c>actors pipelines stop NAME</c>: both reach the pipeline registry through a node's gateway with a
/// <see cref="PipelineClient"/>.
/// </summary>
internal static class PipelinesCommand
{
    public static Command Create()
    {
        var client = new ClientOptions(seedAlias: true);
        var command = new Command("pipelines", "List the pipelines running on a cluster: node, elements in and out, elements/s, state") { Stop() };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) => WithPipelinesAsync(client.Read(parse), ct, async pipelines =>
        {
            Console.Write(PipelineTable.Render(await pipelines.ListAsync(ct)));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Sends a locally checked file to the cluster, which checks it again, records it and gives it to a node.</summary>
    public static Task<int> SubmitAsync(ClientSettings settings, string origin, string text, CancellationToken ct) =>
        WithPipelinesAsync(settings, ct, async pipelines =>
        {
            var submitted = await pipelines.SubmitAsync(origin, text, ct);
            Console.WriteLine(submitted.Node.Length > 0
                ? $"pipeline {submitted.Name} submitted; it runs on {PipelineTable.HostPort(submitted.Node)}"
                : $"pipeline {submitted.Name} submitted; it starts when a node can take it (actors pipelines shows where)");
            return ExitCodes.Ok;
        });

    private static Command Stop()
    {
        var name = new Argument<string>("name") { Description = "The pipeline's name (pipeline.name in its file)" };
        var client = new ClientOptions(seedAlias: true);
        var command = new Command("stop", "Stop a pipeline wherever it runs and forget it") { name };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) => WithPipelinesAsync(client.Read(parse), ct, async pipelines =>
        {
            var stopping = parse.GetValue(name)!;
            await pipelines.StopAsync(stopping, ct);
            Console.WriteLine($"pipeline {stopping} stopped");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Task<int> WithPipelinesAsync(ClientSettings settings, CancellationToken ct, Func<PipelineClient, Task<int>> command) =>
        ClientConnection.RunAsync(settings, ct, client => command(new PipelineClient(client.System, client.Gateway, settings.Timeout)));
}
