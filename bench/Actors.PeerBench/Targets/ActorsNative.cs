using Akka.Configuration;
using Actors.Client;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.PeerBench.Targets;

/// <summary>
/// Actors through its .NET client: one <c>actors node</c> process for every round (default SQLite journal, a new data
/// folder; a topic per round, as the peers get a queue or stream per round), a topic of <c>--partitions</c>; <c>GatewayClient.Topics.PublishAsync</c> for each message (it completes
/// on the durable confirm: the journal write done, SQLite synchronous=FULL), then <c>ConsumeAsync</c> in a new group
/// from the earliest offset with an <c>Ack()</c> per message and credits of <c>--prefetch</c> ÷ partitions per partition.
/// </summary>
internal sealed class ActorsNative : ITarget
{
    private ActorsNodeProcess? _node;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public string Name => "Actors native";

    public async Task<RunResult> RunAsync(int round, PeerOptions options)
    {
        var node = _node ??= await ActorsNodeProcess.StartAsync(TimeSpan.FromMinutes(2));
        // The client's producer lingers as long as the Kafka edge's producer does (--linger-ms), so both batch alike.
        var linger = ConfigurationFactory.ParseString($"actors.topics.publish-linger = {options.LingerMs}ms\n" +
                                                      $"actors.topics.sticky-partitioning = {(options.RoundRobin ? "off" : "on")}\n" +
                                                      $"actors.gateway.data-link.enabled = {(options.Remoting ? "off" : "on")}");
        await using var client = await GatewayClient.ConnectAsync(node.Gateway, ActorsNodeProcess.SystemName, Timeout, linger);
        if (!options.Remoting && client.DataLinkEndpoint is null)
            Console.Error.WriteLine("warning: the native client got no data link; it publishes over remoting");
        var topic = new TopicName($"peerbench-{round}");
        await client.Topics.CreateTopicAsync(new CreateTopic(topic, options.Partitions, RetentionMessages: options.Messages), Timeout);
        var payload = new byte[options.Payload];
        Random.Shared.NextBytes(payload);
        return await Metered.RunAsync(Name, node.Id, options.Messages,
            () => WindowedPublisher.RunAsync(options.Messages, options.InFlight, () => client.Topics.PublishAsync(topic, payload, timeout: Timeout)),
            async () =>
            {
                var read = 0;
                var start = Stopwatch.GetTimestamp();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
                var consume = new ConsumeOptions { StartFrom = StartFrom.Earliest, Prefetch = options.ActorsPrefetch };
                await foreach (var message in client.ConsumeAsync(topic, new GroupName("readers"), consume, timeout.Token))
                {
                    message.Ack();
                    if (++read == options.Messages) break;
                }

                if (read < options.Messages) throw new TimeoutException($"Actors native: {read} of {options.Messages} consumed in 10 min");
                return read / Stopwatch.GetElapsedTime(start).TotalSeconds;
            });
    }

    public ValueTask DisposeAsync()
    {
        _node?.Dispose();
        return ValueTask.CompletedTask;
    }
}
