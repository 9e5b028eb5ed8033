using System.CommandLine;
using System.Globalization;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors topics create NAME</c>: creates a topic (and its dead-letter topic) with its own partition count and
/// retention, the settings a topic keeps for life; the others come from the cluster's <c>actors.topics</c>.
/// </summary>
internal static class TopicsCreateCommand
{
    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "The new topic's name" };
        var partitions = new Option<int?>("--partitions", "-p") { Description = "Partitions [default: actors.topics.default-partitions of the cluster]" }.AtLeast(1);
        var age = new Option<TimeSpan?>("--retention-age")
        {
            Description = "Delete messages older than this, such as 7d, 12h or 30m [default: actors.topics.retention.max-age]",
            CustomParser = Durations.Parse,
        };
        var count = new Option<long?>("--retention-messages")
        {
            Description = "Keep at most this many messages per partition [default: actors.topics.retention.max-messages]",
        }.AtLeast(1);
        var client = new ClientOptions();
        var command = new Command("create", "Create a topic with its partitions and retention (and its dead-letter topic)") { topic, partitions, age, count };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (!TopicName.IsValid(parse.GetValue(topic))) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("topic", parse.GetValue(topic))));
            var name = new TopicName(parse.GetValue(topic)!);
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                if (await connection.Topics.GetTopicAsync(name, settings.Timeout, ct) is { } existing)
                    return ExitCodes.Fail($"topic '{name}' already exists with {existing.Partitions} partitions (`actors topics describe {name}` shows it)");
                var spec = await connection.Topics.CreateTopicAsync(
                    new CreateTopic(name, parse.GetValue(partitions), parse.GetValue(age), parse.GetValue(count)), settings.Timeout, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"created topic {spec.Name}: {spec.Partitions} partitions, retention {Durations.Format(spec.RetentionAge)}{(spec.RetentionMessages == TopicSpec.UnlimitedMessages ? "" : $" or {spec.RetentionMessagesText} messages per partition")}"));
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
