using System.CommandLine;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors topics describe NAME</c>: a topic's settings (partitions, retention, limits, dead-letter topic), each
/// partition with the node hosting it and its offsets, and each consumer group's position per partition (Kafka groups' too).
/// </summary>
internal static class TopicsDescribeCommand
{
    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to describe" };
        var client = new ClientOptions();
        var command = new Command("describe", "Show a topic's settings, its partitions with their hosting node and offsets, and its consumer groups") { topic };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (!TopicName.IsValid(parse.GetValue(topic))) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("topic", parse.GetValue(topic))));
            var name = new TopicName(parse.GetValue(topic)!);
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                if (await connection.Topics.GetTopicAsync(name, settings.Timeout, ct) is not { } spec) return ExitCodes.Fail(TopicNames.Unknown(name));
                var kafkaGroups = await connection.Topics.ListExternalGroupsAsync(settings.Timeout, ct);
                var described = await connection.Topics.DescribePartitionsAsync(name, settings.Timeout, ct);
                var merged = ExternalGroups.Merge(described.Select(p => p.Status).ToList(), kafkaGroups);
                var partitions = described.Zip(merged, (d, status) => d with { Status = status }).ToList();
                Console.Write(TopicDescriptionTable.Render(spec, partitions, LibraryDefaults.DeadLetterSuffix));
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
