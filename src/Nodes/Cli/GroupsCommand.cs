using System.CommandLine;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors groups</c>: every consumer group on every topic, with its members, committed offsets, lag and state
/// (active or empty); <c>describe</c> and <c>reset</c> (<see cref="GroupsDescribeCommand"/>, <see cref="GroupsResetCommand"/>)
/// work on one group.
/// </summary>
internal static class GroupsCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var command = new Command("groups", "List the consumer groups: topic, members, committed offsets, lag, and whether they are active")
        {
            GroupsDescribeCommand.Create(), GroupsResetCommand.Create(),
        };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                Console.Write(GroupTable.RenderList(await GroupPositions.LoadAsync(connection.Topics, null, settings.Timeout, ct)));
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    /// <summary>The group's name from its argument, or the one-line error for a name no group can have.</summary>
    public static GroupName? ReadGroup(Argument<string> argument, ParseResult parse) =>
        TopicName.IsValid(parse.GetValue(argument)) ? new GroupName(parse.GetValue(argument)!) : null;

    /// <summary>The one line for a group with no position on any topic (or on the one named).</summary>
    public static string Unknown(GroupName group, TopicName? topic = null) =>
        topic is null
            ? $"group '{group}' does not exist (`actors groups` lists groups)"
            : $"group '{group}' has no offsets on topic '{topic}' (`actors groups describe {group}` shows its topics)";
}
