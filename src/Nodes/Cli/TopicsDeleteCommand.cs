using System.CommandLine;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors topics delete NAME</c>: deletes a topic and its dead-letter topic on every node, with their journal
/// events, snapshots and consumer groups; waits until that is done, so a topic created again starts empty.
/// </summary>
internal static class TopicsDeleteCommand
{
    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to delete, with its dead-letter topic, messages and consumer groups" };
        var client = new ClientOptions();
        var command = new Command("delete", "Delete a topic, its dead-letter topic, their messages and consumer groups, on every node") { topic };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (!TopicName.IsValid(parse.GetValue(topic))) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("topic", parse.GetValue(topic))));
            var name = new TopicName(parse.GetValue(topic)!);
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                if (await connection.Topics.GetTopicAsync(name, settings.Timeout, ct) is null) return ExitCodes.Fail(TopicNames.Unknown(name));
                TopicDeleted deleted;
                try
                {
                    deleted = await connection.Topics.DeleteTopicAsync(name, settings.Timeout, ct);
                }
                catch (AskTimeoutException)
                {
                    // The cluster journaled the deletion before it began: it finishes whether or not anyone waits.
                    return ExitCodes.Fail($"the deletion of topic '{name}' goes on, but did not finish within {settings.Timeout.TotalSeconds:0.#} s " +
                        "(`actors topics` shows when it is gone; raise --timeout to wait longer)", ExitCodes.Failure);
                }

                var groups = deleted.Groups.Count == 0 ? "no consumer groups" : $"consumer groups {string.Join(", ", deleted.Groups)}";
                Console.WriteLine($"deleted topic {string.Join(" and ", deleted.Topics)}: {deleted.Partitions} partitions with their messages, {groups}");
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
