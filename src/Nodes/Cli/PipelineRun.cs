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

    public static Task<int> RunAsync(PipelineDefinition pipeline, string? configFile, CancellationToken ct) =>
        pipeline.NeedsCluster ? OnEmbeddedNodeAsync(pipeline, configFile, ct) : LocallyAsync(pipeline, ct);

    private static async Task<int> LocallyAsync(PipelineDefinition pipeline, CancellationToken ct)
    {
        var config = ConfigurationFactory.ParseString(Quiet + "\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off")
            .WithFallback(StreamsSettings.DefaultConfig());
        var system = ActorSystem.Create(NodeSettings.DefaultSystemName, config);
        try
        {
            return await RunGraphAsync(pipeline, system, ct);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<int> OnEmbeddedNodeAsync(PipelineDefinition pipeline, string? configFile, CancellationToken ct)
    {
        NodeConfig node;
        try
        {
            node = NodeConfigLoader.Load(new NodeSettings { Port = 0, ConfigFile = configFile }.WithEnvironmentDefaults(Environment.GetEnvironmentVariable) with { Seeds = [] });
        }
        catch (NodeConfigException ex)
        {
            return ExitCodes.Report(ex);
        }

        // A cluster of its own (no seeds, even from a --config file), silent, and a registry that keeps its records
        // in memory: a data folder shared with a real node must not hand that node's recorded pipelines to this one.
        node = node with
        {
            Config = ConfigurationFactory.ParseString(Quiet + """

                akka.cluster.seed-nodes = []
                actors.streams.pipelines.journal-plugin = "akka.persistence.journal.inmem"
                """).WithFallback(node.Config),
            Seeds = [],
            LogLevel = Logging.LogLevelFor("OFF"),
        };
        using var host = NodeHost.Build(node);
        try
        {
            await host.StartAsync(ct);
            var system = host.Services.GetRequiredService<ActorSystem>();
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            return await RunGraphAsync(pipeline, system, ct);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ExitCodes.Fail($"the embedded node could not start: {ex.GetBaseException().Message}", ExitCodes.Failure);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Builds the graph (an ill-typed value is bad input) and runs it to its end; Ctrl-C ends it too.</summary>
    private static async Task<int> RunGraphAsync(PipelineDefinition pipeline, ActorSystem system, CancellationToken ct)
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
            await graph.Run(system.Materializer()).WaitAsync(ct);
            return ExitCodes.Ok;
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Ctrl-C is how an endless pipeline ends; the system's shutdown stops the graph.
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ExitCodes.Fail($"pipeline '{pipeline.Name}' failed: {ex.GetBaseException().Message}", ExitCodes.Failure);
        }
    }
}
