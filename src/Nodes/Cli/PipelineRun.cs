using Actors.Hocon;
using Actors.Nodes.Configuration;
using Actors.Nodes.Hosting;
using Actors.Streams;
using Actors.Streams.Pipelines;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Actors.Nodes.Cli;

/// <summary>
/// Runs a checked pipeline in this process with only what its steps need: files, TCP and stdout run on a plain
/// local actor system (no cluster, no journal, no <c>data/</c> folder); topics and workers need a cluster node,
/// so the pipeline runs on an embedded one-node cluster booted by <see cref="NodeHost"/>, like any node.
/// </summary>
internal static class PipelineRun
{
    /// <summary>Akka's log would share standard output with the pipeline's stdout sink.</summary>
    private const string Quiet = "akka { loglevel = OFF, stdout-loglevel = OFF }";

    /// <summary>Stands for "told to stop" until the exit code is read, once everything has stopped.</summary>
    private const int Stopped = -1;

    /// <summary>How long a run the node's stop ended waits for the signal behind it to reach its own handler.</summary>
    private static readonly TimeSpan SignalGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long stopping may take once the run is told to stop; past it the process exits anyway.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Runs the pipeline to its end, or until SIGINT/SIGTERM (<see cref="StopSignals"/>): then it stops the graph
    /// and what runs it, and returns 130 (SIGINT) or 143 (SIGTERM).
    /// </summary>
    /// <remarks>The pipeline's steps build against <paramref name="sandbox"/>, layered over the system's configuration.</remarks>
    public static async Task<int> RunAsync(PipelineDefinition pipeline, string? configFile, PipelineSandbox sandbox, CancellationToken ct)
    {
        using var stop = StopSignals.Listen(ct);
        var code = pipeline.NeedsCluster ? await OnEmbeddedNodeAsync(pipeline, configFile, sandbox, stop) : await LocallyAsync(pipeline, sandbox, stop);
        // Read only now: the host's handler may have acted on the signal a moment before ours recorded it.
        return code != Stopped ? code
            : await stop.ExitCodeAsync(SignalGrace) ?? ExitCodes.Fail("the embedded node stopped under the pipeline", ExitCodes.Failure);
    }

    private static async Task<int> LocallyAsync(PipelineDefinition pipeline, PipelineSandbox sandbox, StopSignals stop)
    {
        var config = ConfigurationFactory.ParseString(Quiet + "\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off\n" + sandbox.ToHocon())
            .WithFallback(StreamsSettings.DefaultConfig());
        var system = ActorSystem.Create(NodeSettings.DefaultSystemName, config);
        try
        {
            return await RunGraphAsync(pipeline, system, stop);
        }
        finally
        {
            await StopWithinLimitAsync(system.Terminate());
        }
    }

    private static async Task<int> OnEmbeddedNodeAsync(PipelineDefinition pipeline, string? configFile, PipelineSandbox sandbox, StopSignals stop)
    {
        NodeConfig node;
        try
        {
            node = NodeConfigLoader.Load(new NodeSettings { Port = 0, ConfigFile = configFile }.WithEnvironmentDefaults(Environment.GetEnvironmentVariable) with { Seeds = [] });
            SecureByDefault.Ensure(node with { Config = ConfigurationFactory.ParseString($"{NodeConfigLoader.KafkaEnabledKey} = off\n{NodeConfigLoader.HttpPortKey} = off").WithFallback(node.Config) });
        }
        catch (NodeConfigException ex)
        {
            return ExitCodes.Report(ex);
        }

        // A cluster of its own (no seeds, even from a --config file), silent, with no Kafka door or HTTP endpoint (they
        // would take a real node's ports 9092 and 8558), and a registry that keeps its records in memory: a data folder shared with a real node
        // must not hand that node's recorded pipelines to this one.
        node = node with
        {
            Config = ConfigurationFactory.ParseString(Quiet + """

                akka.cluster.seed-nodes = []
                actors.edge.kafka.enabled = off
                actors.node.http.port = off
                actors.streams.pipelines.journal-plugin = "akka.persistence.journal.inmem"

                """ + sandbox.ToHocon()).WithFallback(node.Config),
            Seeds = [],
            LogLevel = Logging.LogLevelFor("OFF"),
        };
        using var host = NodeHost.Build(node);
        // KEY PATTERN: the host takes SIGINT/SIGTERM too and stops the node under the pipeline; that ends the run.
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        stop.Link(lifetime.ApplicationStopping);
        try
        {
            await host.StartAsync(stop.Token);
            var system = host.Services.GetRequiredService<ActorSystem>();
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(TimeSpan.FromSeconds(30), stop.Token);
            return await RunGraphAsync(pipeline, system, stop);
        }
        catch (Exception) when (stop.Stopped)
        {
            return Stopped;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ExitCodes.Fail($"the embedded node could not start: {ex.GetBaseException().Message}", ExitCodes.Failure);
        }
        finally
        {
            using var limit = new CancellationTokenSource(StopLimit);
            await StopWithinLimitAsync(host.StopAsync(limit.Token));
        }
    }

    /// <summary>Builds the graph (an ill-typed value is bad input) and runs it to its end, or until it is told to stop.</summary>
    private static async Task<int> RunGraphAsync(PipelineDefinition pipeline, ActorSystem system, StopSignals stop)
    {
        IRunnableGraph<Task> graph;
        try
        {
            graph = pipeline.Build(system);
        }
        catch (HoconException ex)
        {
            return ExitCodes.Report(ex);
        }

        try
        {
            await graph.Run(system.Materializer()).WaitAsync(stop.Token);
            return ExitCodes.Ok;
        }
        catch (Exception) when (stop.Stopped)
        {
            // A signal is how an endless pipeline ends; stopping the actor system stops the graph.
            return Stopped;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ExitCodes.Fail($"pipeline '{pipeline.Name}' failed: {ex.GetBaseException().Message}", ExitCodes.Failure);
        }
    }

    private static async Task StopWithinLimitAsync(Task stopping)
    {
        try
        {
            await stopping.WaitAsync(StopLimit);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Stopping hung; the process exits anyway, which stops everything it started.
        }
    }
}
