using System.CommandLine;
using System.CommandLine.Parsing;
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
            Description = "Keep at most this many messages per partition, or unlimited [default: actors.topics.retention.max-messages]",
            CustomParser = ParseCount,
        };
        var bytes = new Option<long?>("--retention-bytes")
        {
            Description = "Keep at most this many bytes per partition, such as 1GiB or 512 MiB, or unlimited [default: actors.topics.retention.max-bytes]",
            CustomParser = ParseBytes,
        };
        var overflow = new Option<OverflowPolicy?>("--overflow")
        {
            Description = "When a partition is at its retention by messages or bytes: drop-oldest deletes the oldest messages, " +
                "reject-publish refuses publishes until its groups have read on [default: actors.topics.retention.overflow]",
            CustomParser = ParseOverflow,
        };
        var cleanup = new Option<CleanupPolicy?>("--cleanup")
        {
            Description = "delete: retention deletes by age, messages and bytes; compact: only the latest message per key is kept " +
                "(a key with an empty payload deletes the key); delete,compact: both [default: actors.topics.cleanup]",
            CustomParser = ParseCleanup,
        };
        var client = new ClientOptions();
        var command = new Command("create", "Create a topic with its partitions and retention (and its dead-letter topic)") { topic, partitions, age, count, bytes, overflow, cleanup };
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
                    new CreateTopic(name, parse.GetValue(partitions), parse.GetValue(age), parse.GetValue(count), parse.GetValue(bytes), parse.GetValue(overflow),
                        parse.GetValue(cleanup)),
                    settings.Timeout, ct);
                Console.WriteLine(Describe(spec));
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    /// <summary>The line a created topic gets: partitions, retention (only the bounds it has), and the overflow policy when one bounds it.</summary>
    public static string Describe(TopicSpec spec)
    {
        var bounds = new List<string> { Durations.Format(spec.RetentionAge) };
        if (spec.RetentionMessages != TopicSpec.UnlimitedMessages) bounds.Add($"{spec.RetentionMessagesText} messages");
        if (spec.RetentionBytes != TopicSpec.UnlimitedBytes) bounds.Add(spec.RetentionBytesText);
        var perPartition = bounds.Count > 1 ? " per partition" : "";
        var overflow = spec.Bounded ? $", overflow {spec.OverflowText}" : "";
        if (!spec.Deletes) return string.Create(CultureInfo.InvariantCulture, $"created topic {spec.Name}: {spec.Partitions} partitions, cleanup compact (the latest message per key is kept)");
        var compact = spec.Compacted ? ", cleanup delete,compact" : "";
        return string.Create(CultureInfo.InvariantCulture, $"created topic {spec.Name}: {spec.Partitions} partitions, retention {string.Join(" or ", bounds)}{perPartition}{overflow}{compact}");
    }

    private static long? ParseCount(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        if (string.Equals(text, "unlimited", StringComparison.OrdinalIgnoreCase)) return TopicSpec.UnlimitedMessages;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0) return count;
        result.AddError($"'{text}' is not a message count: expected a positive number or unlimited");
        return null;
    }

    private static long? ParseBytes(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Sizes.ParsePositiveOrUnlimited(text) is { } bytes) return bytes;
        result.AddError($"'{text}' is not a size: expected a positive size such as 1GiB, 512 MiB or 1000000, or unlimited");
        return null;
    }

    private static CleanupPolicy? ParseCleanup(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (CleanupPolicies.Parse(text) is { } policy) return policy;
        result.AddError($"'{text}' is not a cleanup policy: expected delete, compact or delete,compact");
        return null;
    }

    private static OverflowPolicy? ParseOverflow(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (OverflowPolicies.Parse(text) is { } policy) return policy;
        result.AddError($"'{text}' is not an overflow policy: expected drop-oldest or reject-publish");
        return null;
    }
}
