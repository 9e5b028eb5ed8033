using System.CommandLine;

using Spectre.Console;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors status</c>: one screen of the cluster as a node's JSON API (<c>GET /api/overview</c>) shows it: members,
/// topics, groups with lag, pipelines (<see cref="StatusView"/>). <c>actors top</c> (<see cref="TopCommand"/>) keeps
/// it up to date.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var http = new HttpOptions();
        var command = new Command("status", "Show the cluster on one screen: members, topics, consumer groups with lag, pipelines (from a node's HTTP endpoint)");
        foreach (var option in http.All) command.Add(option);
        command.SetAction((parse, ct) => OverviewClient.Run(http.Read(parse), ct, async client =>
        {
            var overview = await client.GetAsync(ct);
            var console = StatusView.CreateConsole();
            console.Write(StatusView.Render(overview));
            console.WriteLine();
            return ExitCodes.Ok;
        }));
        return command;
    }
}
