using Actors.PeerBench.Servers;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Actors.PeerBench.Targets;

/// <summary>
/// RabbitMQ (Debian's rabbitmq-server) with a quorum queue per round: publisher confirms tracked by RabbitMQ.Client
/// (each publish awaits its confirm), persistent messages to the default exchange; a consumer with prefetch
/// <c>--prefetch</c> and a manual ack per message. The server is one Erlang VM (beam.smp), charged for CPU and RSS;
/// it runs on free loopback ports with its own epmd, node name and data folder, all stopped by process id.
/// </summary>
internal sealed class RabbitMqQuorum : ITarget
{
    private readonly ServerProcess _epmd;
    private readonly ServerProcess _server;
    private readonly IConnection _connection;
    private readonly int _beam;

    private RabbitMqQuorum(ServerProcess epmd, ServerProcess server, IConnection connection, int beam, string version)
    {
        _epmd = epmd;
        _server = server;
        _connection = connection;
        _beam = beam;
        Version = version;
    }

    public string Name => "RabbitMQ quorum";

    public string Version { get; }

    public static async Task<RabbitMqQuorum> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("peerbench-rabbitmq-").FullName;
        var epmdPort = ServerProcess.FreePort();
        // Our own epmd on its own port, a child of ours: the Erlang VM finds it and spawns no daemon of its own.
        var epmd = ServerProcess.Start(Install.Locate("epmd") ?? "epmd", ["-port", epmdPort.ToString(CultureInfo.InvariantCulture)], folder,
            ownsFolder: false);
        var port = ServerProcess.FreePort();
        var plugins = Path.Combine(folder, "enabled_plugins");
        await File.WriteAllTextAsync(plugins, "[].");
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = folder,
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_NODENAME"] = $"peerbench-{Environment.ProcessId}@localhost",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
            ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbitmq.pid"),
        };
        // The real script, not /usr/sbin's wrapper, which as root switches to the rabbitmq user and writes /var/log.
        var script = File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server") ? "/usr/lib/rabbitmq/bin/rabbitmq-server" : Install.Locate("rabbitmq-server")!;
        var server = ServerProcess.Start(script, [], folder, environment);
        try
        {
            var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = port, ClientProvidedName = "peerbench" };
            IConnection? connection = null;
            await server.WaitUntilReadyAsync("rabbitmq-server", async () => connection = await factory.CreateConnectionAsync(), TimeSpan.FromMinutes(3));
            var beam = ProcessStats.Descendants(server.Process.Id).FirstOrDefault(pid => ProcessStats.Name(pid) == "beam.smp");
            if (beam == 0) throw new InvalidOperationException("rabbitmq-server is up but no beam.smp process runs under it");
            var version = connection!.ServerProperties?.TryGetValue("version", out var v) == true && v is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "?";
            Console.WriteLine($"RabbitMQ {version} up: amqp 127.0.0.1:{port}, beam.smp pid {beam}, epmd pid {epmd.Process.Id} (port {epmdPort}), data {folder}");
            return new RabbitMqQuorum(epmd, server, connection, beam, version);
        }
        catch
        {
            server.Dispose();
            epmd.Dispose();
            throw;
        }
    }

    public Task<RunResult> RunAsync(int round, PeerOptions options) =>
        Metered.RunAsync(Name, _beam, options.Messages, () => PublishAsync(round, options), () => ConsumeAsync(round, options));

    private static string Queue(int round) => $"peerbench-{round}";

    private async Task<PublishFigures> PublishAsync(int round, PeerOptions options)
    {
        // Confirms tracked by the client: each BasicPublishAsync completes when the broker confirms it. The client's own
        // throttle is off (null): the benchmark's window bounds what is outstanding, as for every target.
        await using var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null));
        await channel.QueueDeclareAsync(Queue(round), durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        var payload = new byte[options.Payload];
        Random.Shared.NextBytes(payload);
        var properties = new BasicProperties { Persistent = true };
        return await WindowedPublisher.RunAsync(options.Messages, options.InFlight,
            () => channel.BasicPublishAsync("", Queue(round), mandatory: false, properties, payload).AsTask());
    }

    private async Task<double> ConsumeAsync(int round, PeerOptions options)
    {
        await using var channel = await _connection.CreateChannelAsync();
        await channel.BasicQosAsync(0, (ushort)options.Prefetch, global: false);
        var read = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (++read == options.Messages) done.TrySetResult();
        };
        var start = Stopwatch.GetTimestamp();
        var tag = await channel.BasicConsumeAsync(Queue(round), autoAck: false, consumer);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
        var rate = options.Messages / Stopwatch.GetElapsedTime(start).TotalSeconds;
        await channel.BasicCancelAsync(tag);
        await channel.QueueDeleteAsync(Queue(round));
        return rate;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.CloseAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // The server is killed next anyway.
        }

        _connection.Dispose();
        _server.Dispose();
        _epmd.Dispose();
    }
}
