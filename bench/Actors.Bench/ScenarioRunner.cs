namespace Actors.Bench;

/// <summary>Runs each scenario group on its own actor systems, one group after another, so they do not compete.</summary>
public sealed class ScenarioRunner
{
    private readonly BenchOptions _options;
    private readonly List<ScenarioResult> _results;

    public ScenarioRunner(BenchOptions options, List<ScenarioResult> results)
    {
        _options = options;
        _results = results;
    }

    public async Task RunAllAsync()
    {
        if (_options.Includes("tell")) await TellAsync();
        if (_options.Includes("sqlite")) await BrokerAsync("1 node, SQLite", "sqlite", 1, durable: true);
        if (_options.Includes("memory")) await BrokerAsync("1 node, in-memory journal", "memory", 1, durable: false);
        if (_options.Includes("cluster")) await BrokerAsync("3 nodes, SQLite", "cluster", 3, durable: true);
        if (_options.Includes("cluster-memory")) await BrokerAsync("3 nodes, in-memory journal", "cluster-memory", 3, durable: false);
    }

    private async Task TellAsync()
    {
        var system = ActorSystem.Create("bench-tell", "akka.loglevel = WARNING");
        try
        {
            // Ten times the messages: a tell run of --messages alone is over in a few milliseconds.
            await MeasureAsync("baseline: raw tell ping-pong (1 node)", n => TellBaseline.RunAsync(system, n * 10, _options.Window));
        }
        finally
        {
            await system.Terminate();
        }
    }

    private async Task BrokerAsync(string title, string label, int nodeCount, bool durable)
    {
        var folder = Directory.CreateTempSubdirectory("actors-bench-").FullName;
        var nodes = await Nodes.StartClusterAsync("bench-" + label, nodeCount, durable ? Nodes.Sqlite(folder) : Nodes.Memory, _options.Hocon);
        try
        {
            var scenarios = new BrokerScenarios(label, nodes, _options);
            if (durable) Console.WriteLine($"{title}: SQLite file in {folder} ({Nodes.SqlitePragmas(folder)})");
            await MeasureAsync($"{title}: publish-with-confirm", scenarios.PublishAsync);
            if (nodeCount > 1) Console.WriteLine($"  partition entities per node (all topics so far): {await scenarios.PlacementAsync()}");
            await MeasureAsync($"{title}: consume-with-ack (publish→delivery)", scenarios.ConsumeAsync);
        }
        finally
        {
            await Nodes.StopAsync(nodes);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task MeasureAsync(string name, Func<int, Task<RunResult>> run)
    {
        Console.WriteLine(name);
        var warmup = await run(_options.WarmupMessages);
        Console.WriteLine($"  warm-up {warmup}");
        var runs = new List<RunResult>();
        for (var i = 1; i <= _options.Runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var result = await run(_options.Messages);
            Console.WriteLine($"  run {i}   {result}");
            runs.Add(result);
        }

        var scenario = new ScenarioResult(name, runs);
        Console.WriteLine($"  median  {scenario.MessagesPerSecond,10:N0} msgs/s  p50 {scenario.P50Ms,8:N2} ms  p99 {scenario.P99Ms,8:N2} ms");
        _results.Add(scenario);
    }
}
