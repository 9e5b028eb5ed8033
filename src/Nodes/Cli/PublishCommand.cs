using System.CommandLine;
using System.Globalization;
using System.Text;
using Actors.Client;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors publish TOPIC</c>: publishes lines from standard input or a file to a topic of a running node, one
/// message per line, with a window of confirms outstanding, and waits for every confirm.
/// </summary>
internal static class PublishCommand
{
    /// <summary>Publishes awaiting their confirm at once: the command's own pace, not a library setting.</summary>
    private const int DefaultInFlight = 512;

    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to publish to (created on first use when the node allows it)" };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read lines from this file instead of standard input" };
        var keySeparator = new Option<string?>("--key-separator", "-k")
        {
            Description = "Split each line at the first occurrence of this text into key and payload (same key => same partition, in order)",
        };
        var partitions = new Option<int?>("--partitions") { Description = "Create the topic with this many partitions if it does not exist yet" }.AtLeast(1);
        var inFlight = new Option<int>("--in-flight") { Description = "Publishes awaiting their confirm at once", DefaultValueFactory = _ => DefaultInFlight };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress bar" };
        var client = new ClientOptions();
        var command = new Command("publish", "Publish lines from standard input or a file to a topic of a running node, one message per line; waits for every confirm")
        {
            topic, file, keySeparator, partitions, inFlight, quiet,
        };
        foreach (var option in client.All) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (!TopicName.IsValid(parse.GetValue(topic))) return Task.FromResult(ExitCodes.Fail(TopicNames.Invalid("topic", parse.GetValue(topic))));
            var name = new TopicName(parse.GetValue(topic)!);
            var input = parse.GetValue(file);
            if (input is { Exists: false }) return Task.FromResult(ExitCodes.Fail($"{input.FullName}: file not found"));
            var settings = client.Read(parse);
            return ClientConnection.RunAsync(settings, ct, async connection =>
            {
                if (parse.GetValue(partitions) is { } count)
                    await connection.Topics.CreateTopicAsync(name, count, settings.Timeout, ct);
                using var reader = input is null ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8) : new StreamReader(input.FullName, Encoding.UTF8);
                var progress = parse.GetValue(quiet) ? null : ProgressBar.OnStandardError(input?.Length);
                var publisher = new LinePublisher(connection.Topics, name, parse.GetValue(keySeparator), Math.Max(1, parse.GetValue(inFlight)), settings.Timeout);
                var result = await publisher.RunAsync(reader, progress, ct);
                progress?.Finish();
                if (result.Error is { } failure) return ExitCodes.Fail(failure, ExitCodes.Failure);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"published {result.Published:N0} {(result.Published == 1 ? "message" : "messages")} to {name} in {result.Elapsed.TotalSeconds:0.0} s ({result.Rate:N0} msg/s)"));
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
