using Actors.PeerBench;
using Actors.PeerBench.Servers;
using Actors.PeerBench.Targets;

// The peer benchmark: the same workload (N messages, a window of confirms in flight, then an acked consume) against
// RabbitMQ quorum queues, NATS JetStream, Actors' native client and Actors' Kafka edge, in interleaved rounds; every
// run printed, then the medians and Actors' ratios. Installs the peers' Debian packages if missing, runs every server
// as a child process on loopback, and stops each by process id at the end or on Ctrl-C.
PeerOptions options;
try
{
    options = PeerOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

ChildProcesses.StopAllOnExit();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Peer benchmark: {options.Messages:N0} messages of {options.Payload} B per run, {options.InFlight:N0} publishes in flight, consume with an ack each " +
    $"(prefetch {options.Prefetch:N0}; Actors {options.ActorsPrefetch} per partition x {options.Partitions}), {options.Rounds} interleaved rounds; " +
    $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, RabbitMQ.Client {Version(typeof(RabbitMQ.Client.ConnectionFactory))}, " +
    $"NATS.Net {Version(typeof(NATS.Client.Core.NatsConnection))}, Confluent.Kafka {Confluent.Kafka.Library.VersionString}"));
var targets = new List<ITarget>();
var results = new List<RunResult>();
var failures = 0;
try
{
    var servers = new List<(string, string)>();
    if (options.Only.Contains("rabbitmq")) servers.AddRange([("rabbitmq-server", "rabbitmq-server"), ("epmd", "rabbitmq-server")]);
    if (options.Only.Contains("nats")) servers.Add(("nats-server", "nats-server"));
    await Install.EnsureAsync(servers);
    foreach (var name in options.Only)
        targets.Add(name switch
        {
            "rabbitmq" => await RabbitMqQuorum.StartAsync(),
            "nats" => await NatsJetStream.StartAsync(),
            "native" => new ActorsNative(),
            _ => new ActorsKafka(),
        });
    // Round 0 warms every client and server up (JIT, connections, first files) with --warmup messages (a whole round
    // unless told), untimed in the table: each system is then measured as it runs once started, not while it starts.
    if (options.WarmupMessages > 0)
        foreach (var target in targets)
        {
            var warm = await target.RunAsync(0, options with { Messages = options.WarmupMessages });
            Console.WriteLine($"warm-up {Report.Run(0, warm)}");
        }

    for (var round = 1; round <= options.Rounds; round++)
        foreach (var target in targets)
        {
            try
            {
                var result = await target.RunAsync(round, options);
                results.Add(result);
                Console.WriteLine(Report.Run(round, result));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures++;
                Console.WriteLine($"round {round}  {target.Name,-18} failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            }
        }
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
finally
{
    foreach (var target in targets) await target.DisposeAsync();
    ChildProcesses.StopAll();
}

Report.Table(targets.Select(t => t.Name).ToList(), results);
return failures == 0 ? 0 : 1;

static string Version(Type type) =>
    (type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).FirstOrDefault()
        as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+')[0].Trim() ?? "?";
