using System.CommandLine;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors groups reset GROUP --topic T --to earliest|latest|OFFSET|TIME</c>: moves the group's committed offset on
/// every partition of the topic (replay or skip). Refused with one line while the group has members, as Kafka's
/// <c>--reset-offsets</c> is: stop its consumers first. A Kafka group is refused with one line: its offsets are
/// reset with a Kafka tool.
/// </summary>
internal static class GroupsResetCommand
{
    public static Command Create()
    {
        var group = new Argument<string>("group") { Description = "The consumer group; it must have no members" };
        var topic = new Option<string>("--topic", "-t") { Description = "The topic whose offsets move", Required = true };
        var to = new Option<string>("--to")
        {
            Description = "The new position on every partition: earliest, latest, an offset number, or an ISO-8601 time (the first message at or after it)",
            Required = true,
        };
        var client = new ClientOptions();
        var command = new Command("reset", "Reset a stopped group's committed offsets on a topic to earliest, latest, an offset or a time") { group, topic, to };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (GroupsCommand.ReadGroup(group, parse) is not { } name) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("group", parse.GetValue(group))));
            if (!TopicName.IsValid(parse.GetValue(topic))) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("topic", parse.GetValue(topic))));
            if (!ConsumeCommand.TryParseStart(parse.GetValue(to)!, out var position)) return Task.FromResult(ExitCodes.Fail(
                $"--to '{parse.GetValue(to)}': expected earliest, latest, an offset number or an ISO-8601 time"));
            var topicName = new TopicName(parse.GetValue(topic)!);
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                if (await connection.Topics.GetTopicAsync(topicName, settings.Timeout, ct) is null) return ExitCodes.Fail(TopicNames.Unknown(topicName));
                if ((await connection.Topics.ListExternalGroupsAsync(settings.Timeout, ct)).Groups.FirstOrDefault(g => g.Group == name) is { } external)
                    return ExitCodes.Fail(KafkaRefusal(name, external.Kind), ExitCodes.Failure);
                var status = await connection.Topics.GetStatusAsync(topicName, settings.Timeout, ct);
                if (!status.Any(p => p.Groups.Any(g => g.Group == name))) return ExitCodes.Fail(GroupsCommand.Unknown(name, topicName));
                var reset = await connection.Topics.ResetGroupAsync(topicName, name, position, settings.Timeout, ct);
                Console.Write(GroupTable.RenderReset(reset));
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    /// <summary>The one line for a group another door runs: its offsets are its clients' to move.</summary>
    public static string KafkaRefusal(GroupName group, string kind) =>
        $"group '{group}' is a {kind} consumer group: reset its offsets with a {kind} tool (such as kafka-consumer-groups --reset-offsets) while it has no members";
}
