using System.CommandLine;
using System.Globalization;
using Actors.Client;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors consume TOPIC</c>: reads a topic of a running node as a member of a consumer group, printing one
/// message per line and acking each after printing (<see cref="ConsoleConsumer"/>).
/// </summary>
internal static class ConsumeCommand
{
    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to read" };
        var group = new Option<string>("--group", "-g")
        {
            Description = "Consumer group; members of one group share the partitions, each group reads everything",
            DefaultValueFactory = _ => "console",
        };
        var from = new Option<string>("--from")
        {
            Description = "Where a new group starts: earliest, latest, an offset number, or an ISO-8601 time",
            DefaultValueFactory = _ => "earliest",
        };
        var max = new Option<long?>("--max", "-m") { Description = "Exit after this many messages (default: run until Ctrl-C)" }.AtLeast(1);
        // Refused below 1 while parsing: 0 or a negative number was silently taken as 1.
        var prefetch = new Option<int?>("--prefetch")
        {
            Description = "Un-acked deliveries per partition (actors.consumers.prefetch)",
            DefaultValueFactory = _ => LibraryDefaults.Prefetch,
        }.AtLeast(1);
        var keys = new Option<bool>("--keys") { Description = "Print key<TAB>payload" };
        var client = new ClientOptions();
        var command = new Command("consume", "Read a topic as a member of a consumer group, printing one message per line and acking each after printing")
        {
            topic, group, from, max, prefetch, keys,
        };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (!TopicName.IsValid(parse.GetValue(topic))) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("topic", parse.GetValue(topic))));
            if (!TopicName.IsValid(parse.GetValue(group))) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("group", parse.GetValue(group))));
            if (!TryParseStart(parse.GetValue(from)!, out var start)) return Task.FromResult(ExitCodes.Fail(
                $"--from '{parse.GetValue(from)}': expected earliest, latest, an offset number or an ISO-8601 time"));
            var name = new TopicName(parse.GetValue(topic)!);
            var groupName = new GroupName(parse.GetValue(group)!);
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                if (await connection.Topics.GetTopicAsync(name, settings.Timeout, ct) is null)
                    return ExitCodes.Fail($"topic '{name}' does not exist (publish to it first; `actors topics` lists topics)");
                await using var stdout = Console.OpenStandardOutput();
                var consumer = new ConsoleConsumer(connection, name, groupName, parse.GetValue(max), parse.GetValue(keys), stdout);
                var options = new ConsumeOptions { Prefetch = parse.GetValue(prefetch) ?? LibraryDefaults.Prefetch, StartFrom = start, Timeout = settings.Timeout };
                return await consumer.RunAsync(options, settings.Timeout, ct);
            });
        });
        return command;
    }

    /// <summary>A start position as `--from` (and `groups reset --to`) takes it; false for anything else.</summary>
    internal static bool TryParseStart(string text, out StartFrom start)
    {
        start = StartFrom.Earliest;
        switch (text.Trim().ToLowerInvariant())
        {
            case "earliest": return true;
            case "latest": start = StartFrom.Latest; return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            start = StartFrom.AtOffset(offset);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            start = StartFrom.AtTime(time);
            return true;
        }

        return false;
    }
}
