using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Actors.Client;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors publish</c>, <c>actors consume</c> and <c>actors topics</c>: clients of a running node, reached
/// through its gateway (<c>--node host:port</c>, default 127.0.0.1:4053).
/// </summary>
public static class TopicCommands
{
    private static readonly Option<string?> Node = new("--node", "-n")
    {
        Description = "The node to talk to, host:port [env ACTORS_NODE; default 127.0.0.1:4053]",
        Recursive = false,
    };

    private static readonly Option<string?> SystemName = new("--system-name")
    {
        Description = "The cluster's actor system name [env ACTORS_SYSTEM_NAME; default actors]",
    };

    private static readonly Option<int> TimeoutSeconds = new("--timeout")
    {
        Description = "Seconds to wait for the node to answer one request",
        DefaultValueFactory = _ => 10,
    };

    /// <summary>Exit code after Ctrl-C, as shells report a SIGINT (128 + 2).</summary>
    private const int Interrupted = 130;

    /// <summary>The three topic commands, to add to the root command.</summary>
    public static IEnumerable<Command> Create() => [Publish(), Consume(), Topics()];

    private static Command Publish()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to publish to (created on first use when the node allows it)" };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read lines from this file instead of standard input" };
        var keySeparator = new Option<string?>("--key-separator", "-k")
        {
            Description = "Split each line at the first occurrence of this text into key and payload (same key => same partition, in order)",
        };
        var partitions = new Option<int?>("--partitions") { Description = "Create the topic with this many partitions if it does not exist yet" };
        var inFlight = new Option<int>("--in-flight") { Description = "Publishes awaiting their confirm at once", DefaultValueFactory = _ => 512 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress bar" };
        var command = new Command("publish", "Publish lines from standard input or a file to a topic of a running node, one message per line; waits for every confirm")
        {
            topic, file, keySeparator, partitions, inFlight, quiet, Node, SystemName, TimeoutSeconds,
        };
        command.SetAction((parse, ct) => WithClient(parse, ct, async (client, timeout) =>
        {
            if (!TopicName.IsValid(parse.GetValue(topic))) return Fail($"invalid topic name '{parse.GetValue(topic)}': use 1-200 letters, digits, '.', '_' or '-'");
            var name = new TopicName(parse.GetValue(topic)!);
            var input = parse.GetValue(file);
            if (input is { Exists: false }) return Fail($"{input.FullName}: file not found");
            if (parse.GetValue(partitions) is { } count)
                await client.Topics.CreateTopicAsync(name, count, timeout, ct);
            var window = Math.Max(1, parse.GetValue(inFlight));
            using var reader = input is null ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8) : new StreamReader(input.FullName, Encoding.UTF8);
            var progress = parse.GetValue(quiet) ? null : new ProgressBar(input?.Length, Console.Error);
            var publisher = new LinePublisher(client.Topics, name, parse.GetValue(keySeparator), window, timeout);
            var result = await publisher.RunAsync(reader, progress, ct);
            progress?.Finish();
            if (result.Error is { } failure) return Fail(failure, ExitCodes.Failure);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"published {result.Published:N0} messages to {name} in {result.Elapsed.TotalSeconds:0.0} s ({result.Rate:N0} msg/s)"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Consume()
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
        var max = new Option<long?>("--max", "-m") { Description = "Exit after this many messages (default: run until Ctrl-C)" };
        var prefetch = new Option<int>("--prefetch") { Description = "Un-acked deliveries per partition", DefaultValueFactory = _ => 100 };
        var keys = new Option<bool>("--keys") { Description = "Print key<TAB>payload" };
        var command = new Command("consume", "Read a topic as a member of a consumer group, printing one message per line and acking each after printing")
        {
            topic, group, from, max, prefetch, keys, Node, SystemName, TimeoutSeconds,
        };
        command.SetAction((parse, ct) => WithClient(parse, ct, async (client, timeout) =>
        {
            if (!TopicName.IsValid(parse.GetValue(topic))) return Fail($"invalid topic name '{parse.GetValue(topic)}': use 1-200 letters, digits, '.', '_' or '-'");
            if (!TopicName.IsValid(parse.GetValue(group))) return Fail($"invalid group name '{parse.GetValue(group)}': use 1-200 letters, digits, '.', '_' or '-'");
            if (!TryParseStart(parse.GetValue(from)!, out var start, out var error)) return Fail(error);
            var name = new TopicName(parse.GetValue(topic)!);
            var groupName = new GroupName(parse.GetValue(group)!);
            if (await client.Topics.GetTopicAsync(name, timeout, ct) is null)
                return Fail($"topic '{name}' does not exist (publish to it first; `actors topics` lists topics)");

            var consumer = new ConsoleConsumer(client, name, groupName, parse.GetValue(max), parse.GetValue(keys), Console.Out);
            return await consumer.RunAsync(Math.Max(1, parse.GetValue(prefetch)), start, timeout, ct);
        }));
        return command;
    }

    private static Command Topics()
    {
        var topic = new Argument<string?>("topic") { Description = "Show this topic's partitions one by one", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("topics", "List the topics of a running cluster: partitions, messages, end offsets, and committed offset and lag per consumer group")
        {
            topic, Node, SystemName, TimeoutSeconds,
        };
        command.SetAction((parse, ct) => WithClient(parse, ct, async (client, timeout) =>
        {
            var only = parse.GetValue(topic);
            var specs = await client.Topics.ListTopicsAsync(timeout, ct);
            if (only is not null)
            {
                specs = specs.Where(s => s.Name.Value == only).ToList();
                if (specs.Count == 0) return Fail($"topic '{only}' does not exist");
            }

            var rows = new List<string[]>();
            foreach (var spec in specs.OrderBy(s => s.Name.Value, StringComparer.Ordinal))
            {
                var partitions = await client.Topics.GetStatusAsync(spec.Name, timeout, ct);
                rows.AddRange(TopicTable.Rows(spec, partitions, perPartition: only is not null));
            }

            Console.Write(TopicTable.Render(only is null ? TopicTable.Header : TopicTable.PartitionHeader, rows));
            if (specs.Count == 0) Console.WriteLine("(no topics yet: `actors publish TOPIC` creates one)");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Connects to the node, runs <paramref name="action"/>, and turns failures into one-line errors.</summary>
    private static async Task<int> WithClient(ParseResult parse, CancellationToken ct, Func<GatewayClient, TimeSpan, Task<int>> action)
    {
        var node = parse.GetValue(Node) ?? Environment.GetEnvironmentVariable("ACTORS_NODE") ?? "127.0.0.1:4053";
        var system = parse.GetValue(SystemName) ?? Environment.GetEnvironmentVariable("ACTORS_SYSTEM_NAME") ?? "actors";
        var timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(TimeoutSeconds)));
        try
        {
            await using var client = await GatewayClient.ConnectAsync(node, system, timeout, ct);
            return await action(client, timeout);
        }
        catch (TopicException e)
        {
            return Fail(e.Message, ExitCodes.Failure);
        }
        catch (AskTimeoutException)
        {
            return Fail($"the node at {node} did not answer within {timeout.TotalSeconds:0} s", ExitCodes.Failure);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Interrupted;
        }
    }

    /// <summary>Prints <c>error: message</c> on one line to stderr and returns <paramref name="code"/>.</summary>
    private static int Fail(string message, int code = ExitCodes.BadInput)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }

    private static bool TryParseStart(string text, out StartFrom start, out string error)
    {
        error = "";
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

        error = $"--from '{text}': expected earliest, latest, an offset number or an ISO-8601 time";
        return false;
    }
}

/// <summary>What a publish run did.</summary>
internal sealed record PublishResult(long Published, TimeSpan Elapsed, string? Error)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Published / Elapsed.TotalSeconds : Published;
}

/// <summary>
/// Publishes lines with up to <c>window</c> confirms outstanding, stopping at the first refusal (named by
/// its line number). Order per key holds: all publishes go through one connection and one router.
/// </summary>
internal sealed class LinePublisher(TopicClient topics, TopicName topic, string? keySeparator, int window, TimeSpan timeout)
{
    public async Task<PublishResult> RunAsync(TextReader reader, ProgressBar? progress, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(window);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        string? error = null;
        long lineNumber = 0, confirmed = 0, bytesRead = 0;

        async Task PublishOne(long number, string? key, byte[] payload)
        {
            try
            {
                await topics.PublishAsync(topic, payload, key, timeout: timeout, cancellationToken: failed.Token);
                Interlocked.Increment(ref confirmed);
            }
            catch (Exception e) when (e is TopicException or AskTimeoutException)
            {
                var reason = e is TopicException ? e.Message : $"no confirm within {timeout.TotalSeconds:0} s";
                Interlocked.CompareExchange(ref error, $"line {number}: {reason}", null);
                await failed.CancelAsync();
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                slots.Release();
            }
        }

        try
        {
            while (await reader.ReadLineAsync(failed.Token) is { } line)
            {
                lineNumber++;
                bytesRead += Encoding.UTF8.GetByteCount(line) + 1;
                var (key, body) = Split(line);
                await slots.WaitAsync(failed.Token);
                pending.Add(PublishOne(lineNumber, key, Encoding.UTF8.GetBytes(body)));
                if (pending.Count >= 4 * window) pending.RemoveAll(t => t.IsCompleted);
                progress?.Report(bytesRead, Interlocked.Read(ref confirmed), clock.Elapsed);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        await Task.WhenAll(pending);
        ct.ThrowIfCancellationRequested();
        progress?.Report(bytesRead, confirmed, clock.Elapsed);
        return new PublishResult(confirmed, clock.Elapsed, error);
    }

    private (string? Key, string Body) Split(string line)
    {
        if (string.IsNullOrEmpty(keySeparator)) return (null, line);
        var at = line.IndexOf(keySeparator, StringComparison.Ordinal);
        return at < 0 ? (null, line) : (line[..at], line[(at + keySeparator.Length)..]);
    }
}

/// <summary>A one-line progress bar on stderr, redrawn at most five times a second.</summary>
internal sealed class ProgressBar(long? totalBytes, TextWriter output)
{
    private const int Width = 30;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private bool _drawn;

    public void Report(long bytes, long confirmed, TimeSpan elapsed)
    {
        if (!_interactive || elapsed - _lastDraw < TimeSpan.FromMilliseconds(200)) return;
        _lastDraw = elapsed;
        var rate = elapsed.TotalSeconds > 0 ? confirmed / elapsed.TotalSeconds : 0;
        var text = totalBytes is > 0 and var total
            ? Bar(Math.Min(1.0, (double)bytes / total)) + string.Create(CultureInfo.InvariantCulture, $" {confirmed,12:N0} confirmed {rate,10:N0} msg/s")
            : string.Create(CultureInfo.InvariantCulture, $"{confirmed,12:N0} confirmed {rate,10:N0} msg/s");
        output.Write("\r" + text);
        _drawn = true;
    }

    public void Finish()
    {
        if (_drawn) output.WriteLine();
    }

    private static string Bar(double fraction)
    {
        var filled = (int)Math.Round(fraction * Width);
        return string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:0}%");
    }
}
