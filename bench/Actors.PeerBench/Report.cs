namespace Actors.PeerBench;

/// <summary>Prints each run as it ends, then one table of medians per target and Actors' ratios to each peer.</summary>
internal static class Report
{
    private static readonly string[] ActorsTargets = ["Actors native", "Actors Kafka edge"];

    public static string Run(int round, RunResult r) => string.Create(CultureInfo.InvariantCulture,
        $"round {round}  {r.Target,-18} publish {r.Publish.Rate,9:N0} msgs/s  p50 {r.Publish.P50Ms,7:F1} ms  p99 {r.Publish.P99Ms,7:F1} ms | " +
        $"consume {r.ConsumeRate,9:N0} msgs/s | server {r.CpuPer100k,5:F2} CPU-s per 100k ({r.PublishCpuPer100k:F2} publish + {r.ConsumeCpuPer100k:F2} consume), peak RSS {r.PeakRssMiB,5:F0} MiB | client {r.ClientCpuPer100k,5:F2} CPU-s per 100k");

    public static void Table(IReadOnlyList<string> targets, IReadOnlyList<RunResult> results)
    {
        var medians = targets
            .Select(t => (Target: t, Runs: results.Where(r => r.Target == t).ToList()))
            .Where(t => t.Runs.Count > 0)
            .Select(t => new RunResult(t.Target,
                new PublishFigures(Median(t.Runs, r => r.Publish.Rate), Median(t.Runs, r => r.Publish.P50Ms), Median(t.Runs, r => r.Publish.P99Ms)),
                Median(t.Runs, r => r.ConsumeRate), Median(t.Runs, r => r.CpuPer100k), Median(t.Runs, r => r.PeakRssMiB),
                Median(t.Runs, r => r.ClientCpuPer100k), Median(t.Runs, r => r.PublishCpuPer100k), Median(t.Runs, r => r.ConsumeCpuPer100k)))
            .ToList();
        Console.WriteLine();
        Console.WriteLine("medians over the rounds:");
        Console.WriteLine("| target            | publish msgs/s | publish p50 ms | publish p99 ms | consume msgs/s | server CPU-s per 100k | server peak RSS MiB | client CPU-s per 100k |");
        Console.WriteLine("|-------------------|---------------:|---------------:|---------------:|---------------:|----------------------:|--------------------:|----------------------:|");
        foreach (var m in medians)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Target,-17} | {m.Publish.Rate,14:N0} | {m.Publish.P50Ms,14:F1} | {m.Publish.P99Ms,14:F1} | {m.ConsumeRate,14:N0} | {m.CpuPer100k,21:F2} | {m.PeakRssMiB,19:F0} | {m.ClientCpuPer100k,21:F2} |"));
        Console.WriteLine();
        Console.WriteLine("server CPU-s per 100k by phase (medians): " + string.Join(", ", medians.Select(m =>
            string.Create(CultureInfo.InvariantCulture, $"{m.Target} {m.PublishCpuPer100k:F2} publish + {m.ConsumeCpuPer100k:F2} consume"))));
        Console.WriteLine();
        foreach (var actors in medians.Where(m => ActorsTargets.Contains(m.Target)))
            foreach (var peer in medians.Where(m => !ActorsTargets.Contains(m.Target)))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{actors.Target} / {peer.Target}: publish {actors.Publish.Rate / peer.Publish.Rate:F2}×, publish p99 {actors.Publish.P99Ms / peer.Publish.P99Ms:F2}×, " +
                    $"consume {actors.ConsumeRate / peer.ConsumeRate:F2}×, server CPU per 100k {actors.CpuPer100k / peer.CpuPer100k:F2}×, peak RSS {actors.PeakRssMiB / peer.PeakRssMiB:F2}×, " +
                    $"client CPU per 100k {actors.ClientCpuPer100k / peer.ClientCpuPer100k:F2}×"));
        Console.WriteLine();
        Console.WriteLine("Durability: an Actors confirm means the SQLite journal write completed (synchronous=FULL, fsynced); a RabbitMQ quorum");
        Console.WriteLine("confirm comes after the Raft log write is fsynced; NATS JetStream acknowledges before fsync by default (sync_interval 2 min).");
    }

    private static double Median(List<RunResult> runs, Func<RunResult, double> of) => PublishFigures.Median(runs.Select(of));
}
