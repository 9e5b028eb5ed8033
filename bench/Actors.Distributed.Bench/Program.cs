using System.Diagnostics;
using System.Globalization;
using Actors;
using Actors.Streams;
using Actors.Streams.Distributed;
using Akka;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;

// Distributed work's cost: the same light work (a string in, a string out) run in the graph's own process
// (SelectAsync, the baseline), then on one and on two worker nodes through DistributedWork. The three nodes
// run in this process on loopback, so the figures are the price of the sessions, stream refs and remoting per
// element, not a speed-up from more machines.
//   dotnet run -c Release --project bench/Actors.Distributed.Bench -- --runs 5 --elements 200000
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var runs = Arg("--runs", 5);
var elements = Arg("--elements", 200_000);
Console.WriteLine($"Actors.Distributed.Bench: {runs} runs x {elements:N0} elements; {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var nodes = new[] { ("a", ""), ("b", "one"), ("c", "two") }.Select(n => ActorSystem.Create("bench", NodeConfig(n.Item2))).ToList();
var seed = Cluster.Get(nodes[0]).SelfAddress;
foreach (var node in nodes) Cluster.Get(node).Join(seed);
var up = Stopwatch.StartNew();
while (nodes.Any(n => Cluster.Get(n).State.Members.Count(m => m.Status == MemberStatus.Up) < nodes.Count))
{
    if (up.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("the three bench nodes did not come up within 60 s");
    await Task.Delay(50);
}

foreach (var node in nodes.Skip(1))
{
    Broker.Get(node);
    DistributedWork.Serve<string, string>(node, "work", Work);
}

var coordinator = nodes[0];
Broker.Get(coordinator);
var routes = Actors.Routing.Routes.Get(coordinator);
while ((await routes.GetRouteesAsync(new("work.work"), null, TimeSpan.FromSeconds(10))).Count < 2) await Task.Delay(50);
var materializer = coordinator.Materializer();
var inputs = Enumerable.Range(0, elements).Select(i => $"element-{i}").ToList();

var scenarios = new (string Name, Func<Flow<string, string, NotUsed>> Flow)[]
{
    ("in process (SelectAsync 4)", () => Flow.Create<string>().SelectAsync(4, s => Task.FromResult(Work(s)))),
    ("1 worker node", () => DistributedWork.Flow<string, string>(coordinator, "work", new() { Role = "one", WindowPerWorker = 256 })),
    ("2 worker nodes", () => DistributedWork.Flow<string, string>(coordinator, "work", new() { WindowPerWorker = 256 })),
    ("2 worker nodes, unordered", () => DistributedWork.Flow<string, string>(coordinator, "work", new() { WindowPerWorker = 256, Ordered = false })),
};
var medians = new Dictionary<string, double>();
foreach (var (name, flow) in scenarios)
{
    await RunOnce(flow); // warm-up
    var rates = new List<double>();
    for (var i = 1; i <= runs; i++)
    {
        var clock = Stopwatch.StartNew();
        await RunOnce(flow);
        rates.Add(elements / clock.Elapsed.TotalSeconds);
        Console.WriteLine($"  {name,-28} run {i}  {rates[^1],12:N0} elements/s");
    }

    medians[name] = rates.Order().ElementAt(rates.Count / 2);
}

Console.WriteLine();
Console.WriteLine($"| {"scenario",-28} | {"elements/s (median)",19} | {"vs in process",13} |");
Console.WriteLine($"| {new string('-', 28)} | {new string('-', 19)}:| {new string('-', 13)}:|");
foreach (var (name, _) in scenarios)
    Console.WriteLine($"| {name,-28} | {medians[name],19:N0} | {medians[name] / medians[scenarios[0].Name],12:P1} |");

await Task.WhenAll(nodes.Select(n => CoordinatedShutdown.Get(n).Run(CoordinatedShutdown.ClrExitReason.Instance)));
return;

async Task RunOnce(Func<Flow<string, string, NotUsed>> flow)
{
    var count = await Source.From(inputs).Via(flow()).RunWith(Sink.Aggregate<string, long>(0, (n, _) => n + 1), materializer);
    if (count != elements) throw new InvalidOperationException($"{count} results for {elements} elements");
}

static string Work(string s) => s.ToUpperInvariant();

Config NodeConfig(string role) => ActorsSettings.Complete(ConfigurationFactory.ParseString($$"""
    actors.storage.provider = memory
    akka {
      loglevel = WARNING
      actor.provider = cluster
      remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
      coordinated-shutdown.run-by-clr-shutdown-hook = off
      cluster.roles = [{{role}}]
    }
    """)).WithFallback(StreamsSettings.DefaultConfig());

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) && value > 0 ? value : fallback;
}
