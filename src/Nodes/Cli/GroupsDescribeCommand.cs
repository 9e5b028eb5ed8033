using System.CommandLine;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors groups describe GROUP</c>: on each topic the group reads, every partition with the member holding it,
/// the committed offset, the end offset, the lag and the deliveries in flight; members holding no partition too.
/// </summary>
internal static class GroupsDescribeCommand
{
    public static Command Create()
    {
        var group = new Argument<string>("group") { Description = "The consumer group" };
        var client = new ClientOptions();
        var command = new Command("describe", "Show a group's members, which partitions each holds, and the committed offset and lag per partition") { group };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (GroupsCommand.ReadGroup(group, parse) is not { } name) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("group", parse.GetValue(group))));
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                var groups = await GroupPositions.LoadAsync(connection.Topics, name, settings.Timeout, ct);
                if (groups.Count == 0) return ExitCodes.Fail(GroupsCommand.Unknown(name));
                Console.Write(GroupTable.RenderDescription(groups));
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
