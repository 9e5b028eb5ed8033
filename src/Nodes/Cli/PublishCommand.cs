using System.CommandLine;
using System.Globalization;
using Actors.Client;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors publish TOPIC</c>: publishes lines from standard input or a file to a topic of a running node, one
/// message per line (its bytes as they are), with a window of confirms outstanding, and waits for every confirm. When
/// the node fails it goes on through another node of the cluster; when it gives up, it names the first unconfirmed
/// line, from which <c>--resume-from</c> publishes again without losing any.
/// </summary>
internal static class PublishCommand
{
    /// <summary>Publishes awaiting their confirm at once: the command's own pace, not a library setting.</summary>
    /// <remarks>
    /// 2,000: about 250 per partition of an 8-partition topic, so each partition's journal write carries a few
    /// hundred lines (with 512 the node spent half again as much CPU per line, on more and smaller batches).
    /// </remarks>
    private const int DefaultInFlight = 2000;

    /// <summary>How long a line may stay unconfirmed while the client retries: well past a node's failover (about 20 s with the default timers).</summary>
    private const int DefaultGiveUpSeconds = 120;

    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to publish to (created on first use when the node allows it)" };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read lines from this file instead of standard input" };
        var keySeparator = new Option<string?>("--key-separator", "-k")
        {
            Description = "Split each line at the first occurrence of this text into key and payload (same key => same partition, in order)",
        };
        var partitions = new Option<int?>("--partitions") { Description = "Create the topic with this many partitions if it does not exist yet" }.AtLeast(1);
        var inFlight = new Option<int?>("--in-flight") { Description = "Publishes awaiting their confirm at once", DefaultValueFactory = _ => DefaultInFlight }.AtLeast(1);
        var resumeFrom = new Option<long?>("--resume-from") { Description = "Skip the lines before this one (numbered from 1), as a failed run advises" }.AtLeast(1);
        var giveUpAfter = new Option<int?>("--give-up-after")
        {
            Description = "Seconds a line may stay unconfirmed, while the client keeps retrying (through another node if its node fails), before the run stops",
            DefaultValueFactory = _ => DefaultGiveUpSeconds,
        }.AtLeast(1);
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress bar" };
        var client = new ClientOptions();
        var command = new Command("publish", "Publish lines from standard input or a file to a topic of a running node, one message per line; waits for every confirm")
        {
            topic, file, keySeparator, partitions, inFlight, resumeFrom, giveUpAfter, quiet,
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
                await using var stream = input is null ? Console.OpenStandardInput() : File.OpenRead(input.FullName);
                var progress = parse.GetValue(quiet) ? null : ProgressBar.OnStandardError(input?.Length);
                var publisher = new LinePublisher(connection.Topics, name, parse.GetValue(keySeparator), parse.GetValue(inFlight) ?? DefaultInFlight,
                    TimeSpan.FromSeconds(parse.GetValue(giveUpAfter) ?? DefaultGiveUpSeconds), parse.GetValue(resumeFrom) ?? 1,
                    TopicsSettings.Create(connection.System).MaxMessageBytes);
                var result = await publisher.RunAsync(stream, progress, ct);
                progress?.Finish();
                if (result.Failure is { } failure) return Report(failure, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"published {result.Published:N0} {(result.Published == 1 ? "message" : "messages")} to {name} in {result.Elapsed.TotalSeconds:0.0} s ({result.Rate:N0} msg/s)"));
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    /// <summary>The one line a run that stopped early ends with: the first unconfirmed line, and where to resume when that can help.</summary>
    private static int Report(PublishFailure failure, CancellationToken ct)
    {
        var resume = string.Create(CultureInfo.InvariantCulture, $"first unconfirmed line {failure.Line}; resume with --resume-from {failure.Line}");
        if (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine($"interrupted; {resume}");
            return ExitCodes.Interrupted;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"line {failure.Line}: {failure.Reason}");
        return ExitCodes.Fail(failure.Resumable ? $"{line}; {resume}" : line, ExitCodes.Failure);
    }
}
