using Actors.BenchSupport;
using Actors.KafkaBench;

// The Kafka edge benchmark: a one-node `actors` (default SQLite journal) driven by Confluent.Kafka, --runs times
// (a fresh node and topic each), every run printed, then the medians. RabbitMQ quorum queues and NATS JetStream are
// measured side by side by bench/Actors.PeerBench.
var options = BenchOptions.Parse(args);
ChildProcesses.StopAllOnExit();
Console.WriteLine($"Kafka edge benchmark: {options.Messages:N0} messages of {options.Payload} B, {options.Partitions} partitions, " +
                  $"producer acks=all idempotent linger.ms={options.LingerMs}, {options.Runs} runs, {Environment.ProcessorCount} cores, " +
                  $"Confluent.Kafka {Confluent.Kafka.Library.VersionString} (librdkafka)");
var results = new List<RunResult>();
for (var run = 1; run <= options.Runs; run++)
{
    using var node = await ActorsNodeProcess.StartAsync(TimeSpan.FromMinutes(2));
    var result = await KafkaRun.RunAsync(node, options, $"bench-{run}");
    results.Add(result);
    Console.WriteLine($"run {run}: {Row(result)}");
}

double Median(Func<RunResult, double> of) => PublishFigures.Median(results.Select(of));

Console.WriteLine($"median: {Row(new RunResult(Median(r => r.ProduceRate), Median(r => r.P50Ms), Median(r => r.P99Ms), Median(r => r.ConsumeRate),
    Median(r => r.CpuPer100k), Median(r => r.PeakRssMiB), results[0].ConsumedVia))}");
Console.WriteLine("peers (RabbitMQ quorum queues, NATS JetStream): run bench/Actors.PeerBench, which measures them side by side with this node");

static string Row(RunResult r) =>
    string.Create(CultureInfo.InvariantCulture,
        $"produce {r.ProduceRate,9:N0} msgs/s confirmed, p50 {r.P50Ms,7:F1} ms, p99 {r.P99Ms,7:F1} ms | consume ({r.ConsumedVia}) {r.ConsumeRate,9:N0} msgs/s | node {r.CpuPer100k,5:F2} CPU-s per 100k, peak RSS {r.PeakRssMiB,5:F0} MiB");
