using Actors.BenchSupport;

namespace Actors.KafkaBench;

/// <summary>What one run measured.</summary>
internal sealed record RunResult(double ProduceRate, double P50Ms, double P99Ms, double ConsumeRate, double CpuPer100k, double PeakRssMiB, string ConsumedVia);

/// <summary>
/// One run against a fresh node: a topic of <c>--partitions</c>, then <see cref="KafkaWorkload"/>'s producer with no
/// bound on what is in flight but librdkafka's queue, and its consumer. CPU covers both phases.
/// </summary>
internal static class KafkaRun
{
    public static async Task<RunResult> RunAsync(ActorsNodeProcess node, BenchOptions options, string topic)
    {
        await KafkaWorkload.CreateTopicAsync(node.Kafka, topic, options.Partitions, options.Messages);
        var groups = await KafkaWorkload.GroupsServedAsync(node.Kafka);
        var cpuBefore = node.CpuSeconds();
        var produced = KafkaWorkload.Produce(node.Kafka, topic, options.Messages, options.Payload, options.LingerMs);
        var consumeRate = KafkaWorkload.Consume(node.Kafka, topic, options.Messages, options.Partitions, groups);
        var cpu = node.CpuSeconds() - cpuBefore;
        return new RunResult(produced.Rate, produced.P50Ms, produced.P99Ms, consumeRate, cpu / (options.Messages / 100_000.0), node.PeakRssMiB(),
            groups ? "group" : "assign");
    }
}
