using System.CommandLine;
using System.Globalization;
using Actors.Client;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors dlq redrive TOPIC</c>: moves the messages of a topic's dead-letter topic back to it (without their
/// dead-letter headers), each acked in the dead-letter topic only once its republish is confirmed, so a failure
/// midway loses nothing; stops after what waited there (at most <c>--max</c>).
/// </summary>
internal static class DlqCommand
{
    public static Command Create() => new("dlq", "Work with dead-letter topics (where messages go after too many failed deliveries)") { Redrive() };

    private static Command Redrive()
    {
        var topic = new Argument<string>("topic") { Description = $"The topic whose dead letters (TOPIC{LibraryDefaults.DeadLetterSuffix}) go back to it" };
        var max = new Option<int?>("--max", "-m") { Description = "Move at most this many messages (default: all there are)" }.AtLeast(1);
        var client = new ClientOptions();
        var command = new Command("redrive", "Move the messages of a topic's dead-letter topic back to the topic, acking each once its republish is confirmed")
        {
            topic, max,
        };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (!TopicName.IsValid(parse.GetValue(topic))) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("topic", parse.GetValue(topic))));
            var name = new TopicName(parse.GetValue(topic)!);
            var suffix = LibraryDefaults.DeadLetterSuffix;
            if (name.Value.EndsWith(suffix, StringComparison.Ordinal))
                return Task.FromResult(ExitCodes.Fail($"'{name}' is a dead-letter topic; redrive the topic it belongs to ({name.Value[..^suffix.Length]})"));
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                if (await connection.Topics.GetTopicAsync(name, settings.Timeout, ct) is not { } spec) return ExitCodes.Fail(TopicNames.Unknown(name));
                if (spec.DeadLetterTopic(suffix) is not { } deadLetters || await connection.Topics.GetTopicAsync(deadLetters, settings.Timeout, ct) is null)
                    return ExitCodes.Fail($"topic '{name}' has no dead-letter topic '{name}{suffix}'");
                // What waits in the dead-letter topic (past the redrive group's commit) bounds the run, so it never
                // ends early on a slow start, nor waits on an empty topic.
                var status = await connection.Topics.GetStatusAsync(deadLetters, settings.Timeout, ct);
                var waiting = status.Sum(p => p.EndOffset - Math.Max(p.StartOffset,
                    p.Groups.FirstOrDefault(g => g.Group == TopicClient.RedriveGroup)?.CommittedOffset ?? p.StartOffset));
                var limit = (int)Math.Min(waiting, parse.GetValue(max) ?? int.MaxValue);
                var moved = limit == 0 ? 0 : await connection.Topics.RedriveAsync(name, limit, settings.Timeout, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"moved {moved:N0} {(moved == 1 ? "message" : "messages")} from {deadLetters} back to {name}"));
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
