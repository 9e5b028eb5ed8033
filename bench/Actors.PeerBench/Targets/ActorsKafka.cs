namespace Actors.PeerBench.Targets;

/// <summary>
/// Actors through its Kafka listener: one <c>actors node</c> process for every round (default SQLite journal, a new data
/// folder; a topic per round, as the peers get a queue or stream per round), driven by <see cref="KafkaWorkload"/> (Confluent.Kafka: an idempotent acks=all producer, linger
/// <c>--linger-ms</c>, here with at most <c>--in-flight</c> messages awaiting their delivery report; then a consumer
/// group committing its offsets, librdkafka's auto-commit being the Kafka way to ack).
/// </summary>
internal sealed class ActorsKafka : ITarget
{
    private ActorsNodeProcess? _node;

    public string Name => "Actors Kafka edge";

    public async Task<RunResult> RunAsync(int round, PeerOptions options)
    {
        var node = _node ??= await ActorsNodeProcess.StartAsync(TimeSpan.FromMinutes(2));
        var topic = $"peerbench-{round}";
        await KafkaWorkload.CreateTopicAsync(node.Kafka, topic, options.Partitions, options.Messages);
        var groups = await KafkaWorkload.GroupsServedAsync(node.Kafka);
        return await Metered.RunAsync(Name, node.Id, options.Messages,
            () => Task.Run(() => KafkaWorkload.Produce(node.Kafka, topic, options.Messages, options.Payload, options.LingerMs, options.InFlight)),
            () => Task.Run(() => KafkaWorkload.Consume(node.Kafka, topic, options.Messages, options.Partitions, groups)));
    }

    public ValueTask DisposeAsync()
    {
        _node?.Dispose();
        return ValueTask.CompletedTask;
    }
}
