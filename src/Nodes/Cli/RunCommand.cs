using System.CommandLine;
using Actors.Hocon;
using Actors.Nodes.Configuration;
using Actors.Streams.Pipelines;
using Actors.Streams.Pipelines.Hosting;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors run FILE</c>: checks a pipeline file, then runs it on an embedded one-node cluster (a free port,
/// the storage of <c>hocon/node.conf</c> or <c>--config</c>) until the pipeline ends or Ctrl-C. Standard output
/// is the pipeline's own (its stdout sink), so Akka's log is off and failures are one line on stderr.
/// With <c>--seed host:port</c> (or <c>--node</c>) the checked file goes to that cluster instead, which keeps it
/// running (on another node if its node dies) until <c>actors pipelines stop NAME</c>; the command exits at once.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A pipeline file, e.g. hocon/pipelines/word-count.conf" };
        var config = new Option<string?>("--config", "-c") { Description = "An extra HOCON file for the embedded node (e.g. its storage)" };
        var check = new Option<bool>("--check") { Description = "Only check the file: exit 0 if it is valid, 2 with the problem if not" };
        var seed = PipelinesCommand.NodeOption();
        seed.Description = "Submit the pipeline to the running cluster of this node (host:port) instead of running it here; exits once it is recorded";
        var systemName = PipelinesCommand.SystemNameOption();
        var timeout = PipelinesCommand.TimeoutOption();
        var command = new Command("run", "Check a pipeline file and run it on an embedded one-node cluster (exits when the pipeline ends), or with --seed submit it to a running cluster")
        {
            file, config, check, seed, systemName, timeout,
        };
        command.SetAction((parse, ct) => parse.GetValue(seed) is { } node && !parse.GetValue(check)
            ? SubmitAsync(parse.GetValue(file)!, node, parse.GetValue(systemName), parse.GetValue(timeout), ct)
            : RunAsync(parse.GetValue(file)!, parse.GetValue(config), parse.GetValue(check), ct));
        return command;
    }

    private static async Task<int> SubmitAsync(FileInfo file, string node, string? systemName, int timeoutSeconds, CancellationToken ct)
    {
        string text;
        try
        {
            // Checked here first, so a bad file never leaves this machine; the registry checks it again.
            _ = PipelineDefinition.Load(file.ToString());
            text = await File.ReadAllTextAsync(file.FullName, ct);
        }
        catch (HoconException ex)
        {
            return ExitCodes.Fail(ex.Message);
        }

        return await PipelinesCommand.SubmitAsync(node, systemName, timeoutSeconds, file.ToString(), text, ct);
    }

    private static async Task<int> RunAsync(FileInfo file, string? configFile, bool checkOnly, CancellationToken ct)
    {
        PipelineDefinition pipeline;
        try
        {
            // Errors name the file as the user wrote it.
            pipeline = PipelineDefinition.Load(file.ToString());
        }
        catch (HoconException ex)
        {
            return ExitCodes.Fail(ex.Message);
        }

        if (checkOnly)
        {
            Console.Error.WriteLine($"{file}: pipeline '{pipeline.Name}' is valid: {string.Join(" -> ", pipeline.Steps)}");
            return ExitCodes.Ok;
        }

        NodeConfig node;
        try
        {
            node = NodeConfigLoader.Load(new NodeSettings { Port = 0, ConfigFile = configFile }.WithEnvironmentDefaults(Environment.GetEnvironmentVariable));
        }
        catch (NodeConfigException ex)
        {
            return ExitCodes.Fail(ex.Message);
        }

        // The registry of this throw-away cluster keeps its records in memory: a data folder shared with a
        // real node must not hand that node's recorded pipelines to this one.
        var quiet = ConfigurationFactory.ParseString("""
            akka.loglevel = OFF, akka.stdout-loglevel = OFF, akka.cluster.seed-nodes = []
            actors.streams.pipelines.journal-plugin = "akka.persistence.journal.inmem"
            """);
        using var system = ActorSystem.Create(node.SystemName, quiet.WithFallback(node.Config));
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(cluster.SelfAddress);
            await up.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            Broker.Get(system);
            ClusterPipelines.Get(system);

            IRunnableGraph<Task> graph;
            try
            {
                graph = pipeline.Build(system);
            }
            catch (HoconException ex)
            {
                return ExitCodes.Fail(ex.Message);
            }

            // Ctrl-C cancels the wait; the shutdown below stops the graph with the actor system.
            await graph.Run(system.Materializer()).WaitAsync(ct);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: pipeline '{pipeline.Name}' failed: {ex.GetBaseException().Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        }
    }
}
