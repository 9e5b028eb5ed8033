using System.Diagnostics;
using System.Globalization;
using Actors.Streams.Pipelines;
using Akka.Actor;
using Akka.Configuration;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

// The composition layer's cost: one word-count-per-window graph (parse, key, window, aggregate) run three
// ways: declared in a pipeline file, written directly in Akka.Streams, and as a plain loop. Then topic to topic
// on a one-node cluster with SQLite storage (see TopicScenario).
//   dotnet run -c Release --project bench/Actors.Streams.Bench -- --runs 7 --lines 1000000 --topic-runs 3 --messages 50000
//
// KEY PATTERN: every timed run happens in a fresh child process of this bench (a warm-up run, then the timed
// one). Akka's operators are generic code the JIT shares between all reference types, so in one process the
// profile-guided optimisation of that code is trained by whichever graph warms up first: measured in one
// process, the pipeline cost 11-15 % when the direct graph warmed first and 4.3 % when it warmed first itself.
// Rounds interleave the scenarios so load from other processes falls on all alike.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var runs = Arg("--runs", 5);
var lineCount = Arg("--lines", 200_000);
var messageCount = Arg("--messages", 50_000);
var topicRuns = Arg("--topic-runs", 3);
const int WordsPerLine = 8, WindowElements = 10_000;
string[] scenarioNames = ["plain loop", "direct Akka.Streams graph", "pipeline file (composed)"];

if (ArgText("--scenario") is { } only)
{
    // A child: one scenario over the parent's input, a warm-up run then a timed one; prints the words/s.
    var childInput = ArgText("--input")!;
    Console.WriteLine((await TimeScenario(only, childInput, (long)lineCount * WordsPerLine)).ToString("R", CultureInfo.InvariantCulture));
    return;
}

var input = Path.Combine(Path.GetTempPath(), $"actors-streams-bench-{Environment.ProcessId}.txt");
var random = new Random(7);
File.WriteAllLines(input, Enumerable.Range(0, lineCount).Select(_ =>
    string.Join(' ', Enumerable.Range(0, WordsPerLine).Select(_ => "w" + random.Next(1000)))));
var words = (long)lineCount * WordsPerLine;
Console.WriteLine($"Actors.Streams.Bench: {runs} runs x {lineCount:N0} lines ({words:N0} words), windows of {WindowElements:N0} words, " +
    $"each run in a fresh process; {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var rates = scenarioNames.ToDictionary(n => n, _ => new List<double>());
for (var i = 1; i <= runs; i++)
    foreach (var name in scenarioNames)
    {
        rates[name].Add(await RunChild(name));
        Console.WriteLine($"  {name,-28} run {i}  {rates[name][^1],14:N0} words/s");
    }

var medians = rates.ToDictionary(r => r.Key, r => r.Value.Order().ElementAt(r.Value.Count / 2));
Console.WriteLine();
Console.WriteLine($"| {"scenario",-28} | {"words/s (median)",16} | {"vs direct graph",15} |");
Console.WriteLine($"| {new string('-', 28)} | {new string('-', 16)}:| {new string('-', 15)}:|");
foreach (var name in scenarioNames)
    Console.WriteLine($"| {name,-28} | {medians[name],16:N0} | {medians[name] / medians["direct Akka.Streams graph"],14:P1} |");
Console.WriteLine($"composition cost against the direct graph: {1 - medians["pipeline file (composed)"] / medians["direct Akka.Streams graph"]:P1}");
File.Delete(input);

var topicRates = await Actors.Streams.Bench.TopicScenario.RunAsync(topicRuns, messageCount);
Console.WriteLine();
Console.WriteLine($"| {"topic to topic (SQLite)",-28} | {"messages/s (median)",19} | {"vs direct graph",15} |");
Console.WriteLine($"| {new string('-', 28)} | {new string('-', 19)}:| {new string('-', 15)}:|");
foreach (var (name, rate) in topicRates)
    Console.WriteLine($"| {name,-28} | {rate,19:N0} | {rate / topicRates["direct committable graph"],14:P1} |");

async Task<double> RunChild(string scenario)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
    // Under `dotnet run` the process is dotnet itself, running this assembly.
    if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Program).Assembly.Location);
    foreach (var arg in new[] { "--scenario", scenario, "--input", input, "--lines", lineCount.ToString(CultureInfo.InvariantCulture) })
        start.ArgumentList.Add(arg);
    using var child = Process.Start(start)!;
    var output = await child.StandardOutput.ReadToEndAsync();
    var errors = await child.StandardError.ReadToEndAsync();
    await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
    return child.ExitCode == 0 && double.TryParse(output.Trim().Split('\n')[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
        ? rate
        : throw new InvalidOperationException($"scenario '{scenario}' failed (exit {child.ExitCode}): {errors.Trim()}");
}

async Task<double> TimeScenario(string scenario, string file, long wordCount)
{
    var system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
    var materializer = system.Materializer();
    var pipeline = PipelineDefinition.Parse($$"""
        pipeline {
          name = bench
          source { type = file, path = "{{file}}" }
          stages = [ { type = split }, { type = window-count, size = 1h, max-elements = {{WindowElements}} }, { type = format } ]
          sink { type = file, path = "/dev/null" }
        }
        """, "bench.conf");
    Func<Task> run = scenario switch
    {
        "plain loop" => () => Task.Run(() => PlainLoop(file)),
        "direct Akka.Streams graph" => () => DirectGraph(file).Run(materializer),
        "pipeline file (composed)" => () => pipeline.Build(system).Run(materializer),
        _ => throw new ArgumentException($"unknown scenario '{scenario}'; expected one of: {string.Join(", ", scenarioNames)}"),
    };
    await run(); // warm-up
    var clock = Stopwatch.StartNew();
    await run();
    var rate = wordCount / clock.Elapsed.TotalSeconds;
    await system.Terminate();
    return rate;
}

// The same work as the graphs: split, count per window of WindowElements words, format, write.
void PlainLoop(string input)
{
    using var output = new StreamWriter(Stream.Null);
    var counts = new Dictionary<string, long>();
    var inWindow = 0;
    foreach (var line in File.ReadLines(input))
        foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
            if (++inWindow < WindowElements) continue;
            Flush();
        }

    Flush();

    void Flush()
    {
        foreach (var (key, count) in counts) output.WriteLine($"{key} {count}");
        counts.Clear();
        inWindow = 0;
    }
}

IRunnableGraph<Task<Akka.Streams.IO.IOResult>> DirectGraph(string input) =>
    FileIO.FromFile(new FileInfo(input))
        .Via(Framing.Delimiter(ByteString.FromString("\n"), 1024 * 1024, allowTruncation: true))
        .Select(bytes => bytes.ToString(System.Text.Encoding.UTF8).TrimEnd('\r'))
        .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .GroupedWithin(WindowElements, TimeSpan.FromHours(1))
        .SelectMany(window => window.Aggregate(new Dictionary<string, long>(), (counts, w) =>
        {
            counts[w] = counts.GetValueOrDefault(w) + 1;
            return counts;
        }).Select(c => $"{c.Key} {c.Value}"))
        .Select(line => ByteString.FromString(line + "\n", System.Text.Encoding.UTF8))
        .ToMaterialized(FileIO.ToFile(new FileInfo("/dev/null")), Keep.Right);

string? ArgText(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) && value > 0 ? value : fallback;
}
