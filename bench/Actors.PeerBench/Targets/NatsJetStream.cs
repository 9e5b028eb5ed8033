using Actors.PeerBench.Servers;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Actors.PeerBench.Targets;

/// <summary>
/// NATS JetStream (Debian's nats-server, <c>-js</c>, its store in a temporary folder) with a file-storage stream per
/// round: each publish awaits its PubAck; a durable pull consumer (explicit acks, up to <c>--prefetch</c> messages
/// pulled at once) acks every message. By default JetStream acknowledges a publish once it is written to the
/// operating system, before fsync (sync_interval 2 min): a weaker promise than RabbitMQ's or Actors'.
/// </summary>
internal sealed class NatsJetStream : ITarget
{
    private readonly ServerProcess _server;
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;

    private NatsJetStream(ServerProcess server, NatsConnection connection)
    {
        _server = server;
        _connection = connection;
        _js = new NatsJSContext(connection);
    }

    public string Name => "NATS JetStream";

    public static async Task<NatsJetStream> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("peerbench-nats-").FullName;
        var port = ServerProcess.FreePort();
        var server = ServerProcess.Start(Install.Locate("nats-server") ?? "nats-server",
            ["-js", "-sd", folder, "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)], folder);
        try
        {
            NatsConnection? connection = null;
            await server.WaitUntilReadyAsync("nats-server", async () =>
            {
                var candidate = new NatsConnection(new NatsOpts { Url = $"nats://127.0.0.1:{port}", Name = "peerbench" });
                try
                {
                    await candidate.ConnectAsync();
                    await new NatsJSContext(candidate).GetAccountInfoAsync();
                    connection = candidate;
                }
                catch
                {
                    await candidate.DisposeAsync();
                    throw;
                }
            }, TimeSpan.FromMinutes(1));
            Console.WriteLine($"NATS {connection!.ServerInfo?.Version} up: 127.0.0.1:{port}, nats-server pid {server.Process.Id}, store {folder}");
            return new NatsJetStream(server, connection);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public Task<RunResult> RunAsync(int round, PeerOptions options) =>
        Metered.RunAsync(Name, _server.Process.Id, options.Messages, () => PublishAsync(round, options), () => ConsumeAsync(round, options));

    private static string Stream(int round) => $"peerbench-{round}";

    private static string Subject(int round) => $"peerbench.{round}";

    private async Task<PublishFigures> PublishAsync(int round, PeerOptions options)
    {
        await _js.CreateStreamAsync(new StreamConfig(Stream(round), [Subject(round)]) { Storage = StreamConfigStorage.File });
        var payload = new byte[options.Payload];
        Random.Shared.NextBytes(payload);
        return await WindowedPublisher.RunAsync(options.Messages, options.InFlight, async () =>
        {
            var ack = await _js.PublishAsync(Subject(round), payload);
            ack.EnsureSuccess();
        });
    }

    private async Task<double> ConsumeAsync(int round, PeerOptions options)
    {
        var consumer = await _js.CreateOrUpdateConsumerAsync(Stream(round), new ConsumerConfig("readers")
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            MaxAckPending = Math.Max(options.Prefetch, 1000),
        });
        var read = 0;
        var start = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = options.Prefetch }, cancellationToken: timeout.Token))
        {
            await message.AckAsync(cancellationToken: timeout.Token);
            if (++read == options.Messages) break;
        }

        var rate = read / Stopwatch.GetElapsedTime(start).TotalSeconds;
        await _js.DeleteStreamAsync(Stream(round));
        return rate;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _server.Dispose();
    }
}
