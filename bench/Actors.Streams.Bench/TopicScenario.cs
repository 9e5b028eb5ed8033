using System.Diagnostics;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Streams.Pipelines;
using Actors.Streams.Stages;
using Actors.Streams;
using Actors.Topics;
using Actors;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Streams.Dsl;
using Akka.Streams;
using Akka;

namespace Actors.Streams.Bench;

/// <summary>
/// Topic to topic on a one-node cluster with the SQLite journal: M messages published beforehand, then a
/// pipeline file (topic -> lowercase -> topic, at-least-once: each message committed after its result's
/// confirm) against the same graph written directly (committable source, publish, commit). A run's rate is
/// M over the time until the output topic holds all M results, each confirmed (written and fsynced).
/// </summary>
public static class TopicScenario
{
    private const int Partitions = 4;

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync(int runs, int messages)
    {
        var folder = Directory.CreateTempSubdirectory("actors-streams-bench-").FullName;
        var system = ActorsSettings.CreateSystem("streams-bench", NodeConfig(folder));
        try
        {
            var cluster = Cluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(cluster.SelfAddress);
            await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var client = Broker.Get(system).Client;
            Console.WriteLine($"topic to topic: {runs} runs x {messages:N0} messages, {Partitions} partitions, one node, SQLite journal in {folder}");

            var scenarios = new (string Name, Func<string, string, IRunnableGraph<Task>> Graph)[]
            {
                ("direct committable graph", (input, output) => Direct(system, input, output)),
                ("pipeline file (composed)", (input, output) => PipelineDefinition.Parse($$"""
                    pipeline {
                      source { type = topic, topic = "{{input}}", group = bench }
                      stages = [ { type = lowercase } ]
                      sink { type = topic, topic = "{{output}}" }
                    }
                    """, "topic-bench.conf").Build(system)),
            };
            var rates = scenarios.ToDictionary(s => s.Name, _ => new List<double>());
            for (var round = 0; round <= runs; round++) // round 0 warms up, with a fifth of the messages
                foreach (var (name, graph) in scenarios)
                {
                    var (input, output) = ($"in-{name[..6]}-{round}", $"out-{name[..6]}-{round}");
                    await client.CreateTopicAsync(new TopicName(input), Partitions);
                    await client.CreateTopicAsync(new TopicName(output), Partitions);
                    var count = round == 0 ? messages / 5 : messages;
                    await Source.From(Enumerable.Range(0, count))
                        .Select(i => new ProducerMessage(System.Text.Encoding.UTF8.GetBytes($"K{i % 64} Message {i} Of The Run"), $"k{i % 64}"))
                        .RunWith(TopicSink.Create(system, new TopicName(input)), system.Materializer());

                    var clock = Stopwatch.StartNew();
                    var runner = system.ActorOf(Runner.Props(graph(input, output)));
                    while ((await client.GetStatusAsync(new TopicName(output))).Sum(p => p.EndOffset) < count)
                    {
                        if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"{name}: the output topic did not get {count} results in 2 minutes");
                        await Task.Delay(10);
                    }

                    var rate = count / clock.Elapsed.TotalSeconds;
                    await runner.GracefulStop(TimeSpan.FromSeconds(10));
                    if (round == 0) continue;
                    rates[name].Add(rate);
                    Console.WriteLine($"  {name,-28} run {round}  {rate,14:N0} messages/s");
                }

            return rates.ToDictionary(r => r.Key, r => r.Value.Order().ElementAt(r.Value.Count / 2));
        }
        finally
        {
            await system.Terminate();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What the pipeline does, written by hand: lowercase, publish with confirm, then commit.</summary>
    private static IRunnableGraph<Task> Direct(ActorSystem system, string input, string output) =>
        TopicSource.Committable(system, new ConsumerSettings(new TopicName(input), new GroupName("bench"), 500, StartFrom.Earliest))
            .Via(TopicSink.PassThrough<CommittableMessage>(system, new TopicName(output), m =>
            {
                var line = System.Text.Encoding.UTF8.GetString(m.Message.Payload).ToLowerInvariant();
                return new ProducerMessage(System.Text.Encoding.UTF8.GetBytes(line), line[..Math.Max(0, line.IndexOf(' '))]);
            }))
            .ToMaterialized(Committer.Sink(), Keep.Right)
            .MapMaterializedValue(t => (Task)t);

    private static Config NodeConfig(string folder) => ActorsSettings.Complete(ConfigurationFactory.ParseString($$"""
        actors.storage { provider = sqlite, sqlite.path = "{{Path.Combine(folder, "journal.db").Replace("\\", "/", StringComparison.Ordinal)}}" }
        akka {
          loglevel = ERROR
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          coordinated-shutdown.exit-clr = off
        }
        """)).WithFallback(StreamsSettings.DefaultConfig());

    /// <summary>Runs a graph on the actor's own materializer: stopping the actor stops the graph.</summary>
    private sealed class Runner : ReceiveActor
    {
        public Runner(IRunnableGraph<Task> graph) => _ = graph.Run(Context.Materializer());

        public static Props Props(IRunnableGraph<Task> graph) => Akka.Actor.Props.Create(() => new Runner(graph));
    }
}
