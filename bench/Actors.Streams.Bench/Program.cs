using System.Diagnostics;
using System.Globalization;
using Actors.Streams.Pipelines;
using Akka.Actor;
using Akka.Configuration;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

// The composition layer's cost: one word-count-per-window graph (parse, key, window, aggregate) run three
// ways in one process: declared in a pipeline file, written directly in Akka.Streams, and as a plain loop.
// Then topic to topic on a one-node cluster with SQLite storage (see TopicScenario).
//   dotnet run -c Release --project bench/Actors.Streams.Bench -- --runs 5 --lines 200000 --topic-runs 3 --messages 50000
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var runs = Arg("--runs", 5);
var lineCount = Arg("--lines", 200_000);
var messageCount = Arg("--messages", 50_000);
var topicRuns = Arg("--topic-runs", 3);
const int WordsPerLine = 8, WindowElements = 10_000;

var input = Path.Combine(Path.GetTempPath(), $"actors-streams-bench-{Environment.ProcessId}.txt");
var random = new Random(7);
File.WriteAllLines(input, Enumerable.Range(0, lineCount).Select(_ =>
    string.Join(' ', Enumerable.Range(0, WordsPerLine).Select(_ => "w" + random.Next(1000)))));
var words = (long)lineCount * WordsPerLine;
Console.WriteLine($"Actors.Streams.Bench: {runs} runs x {lineCount:N0} lines ({words:N0} words), windows of {WindowElements:N0} words; " +
    $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");

var system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
var materializer = system.Materializer();
var pipeline = PipelineDefinition.Parse($$"""
    pipeline {
      name = bench
      source { type = file, path = "{{input}}" }
      stages = [ { type = split }, { type = window-count, size = 1h, max-elements = {{WindowElements}} }, { type = format } ]
      sink { type = file, path = "/dev/null" }
    }
    """, "bench.conf");

var scenarios = new (string Name, Func<Task> Run)[]
{
    ("plain loop", () => Task.Run(PlainLoop)),
    ("direct Akka.Streams graph", () => DirectGraph().Run(materializer)),
    ("pipeline file (composed)", () => pipeline.Build(system).Run(materializer)),
};
// Runs interleave (one of each scenario per round) so that load from other processes on a shared machine
// falls on every scenario alike rather than on whichever ran during it.
var rates = scenarios.ToDictionary(s => s.Name, _ => new List<double>());
foreach (var (_, run) in scenarios) await run(); // warm-up
for (var i = 1; i <= runs; i++)
    foreach (var (name, run) in scenarios)
    {
        var clock = Stopwatch.StartNew();
        await run();
        rates[name].Add(words / clock.Elapsed.TotalSeconds);
        Console.WriteLine($"  {name,-28} run {i}  {rates[name][^1],14:N0} words/s");
    }

var medians = rates.ToDictionary(r => r.Key, r => r.Value.Order().ElementAt(r.Value.Count / 2));
Console.WriteLine();
Console.WriteLine($"| {"scenario",-28} | {"words/s (median)",16} | {"vs direct graph",15} |");
Console.WriteLine($"| {new string('-', 28)} | {new string('-', 16)}:| {new string('-', 15)}:|");
foreach (var (name, _) in scenarios)
    Console.WriteLine($"| {name,-28} | {medians[name],16:N0} | {medians[name] / medians["direct Akka.Streams graph"],14:P1} |");
Console.WriteLine($"composition cost against the direct graph: {1 - medians["pipeline file (composed)"] / medians["direct Akka.Streams graph"]:P1}");

await system.Terminate();
File.Delete(input);

var topicRates = await Actors.Streams.Bench.TopicScenario.RunAsync(topicRuns, messageCount);
Console.WriteLine();
Console.WriteLine($"| {"topic to topic (SQLite)",-28} | {"messages/s (median)",19} | {"vs direct graph",15} |");
Console.WriteLine($"| {new string('-', 28)} | {new string('-', 19)}:| {new string('-', 15)}:|");
foreach (var (name, rate) in topicRates)
    Console.WriteLine($"| {name,-28} | {rate,19:N0} | {rate / topicRates["direct committable graph"],14:P1} |");

// The same work as the graphs: split, count per window of WindowElements words, format, write.
void PlainLoop()
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

IRunnableGraph<Task<Akka.Streams.IO.IOResult>> DirectGraph() =>
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

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) && value > 0 ? value : fallback;
}
