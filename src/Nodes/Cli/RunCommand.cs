using System.CommandLine;
using Actors.Hocon;
using Actors.Streams.Pipelines;

namespace Actors.Nodes.Cli;

/// <summary>
/// <c>actors run FILE</c>: checks a pipeline file, then runs it here until the pipeline ends or Ctrl-C
/// (<see cref="PipelineRun"/>: on a plain local actor system, or on an embedded one-node cluster when its steps
/// need topics or workers). Standard output is the pipeline's own (its stdout sink), so Akka's log is off and
/// failures are one line on stderr. With <c>--node host:port</c> (or <c>--seed</c>) the checked file goes to that
/// cluster instead, which keeps it running (on another node if its node dies) until <c>actors pipelines stop
/// NAME</c>; the command exits at once.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A pipeline file, e.g. hocon/pipelines/word-count.conf" };
        var config = new Option<string?>("--config", "-c")
        {
            Description = "An extra HOCON file for the embedded node, when the pipeline needs one (topics or workers): its storage, say",
        };
        var check = new Option<bool>("--check") { Description = "Only check the file: exit 0 if it is valid, 2 with the problem if not" };
        var allowPath = new Option<string[]>("--allow-path")
        {
            Description = "A directory the pipeline's file steps may read or write here, besides the working directory; repeatable (a node has its own --allow-path)",
            AllowMultipleArgumentsPerToken = false,
        };
        var client = new ClientOptions(seedAlias: true,
            "Submit the pipeline to the running cluster of this node (host:port) instead of running it here; exits once it is recorded");
        var command = new Command("run", "Check a pipeline file and run it here (exits when the pipeline ends), or with --node/--seed submit it to a running cluster")
        {
            file, config, check, allowPath,
        };
        foreach (var option in client.All) command.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            PipelineDefinition pipeline;
            try
            {
                // Errors name the file as the user wrote it; a bad file never leaves this machine.
                pipeline = PipelineDefinition.Load(path.ToString());
            }
            catch (HoconException ex)
            {
                return ExitCodes.Report(ex);
            }

            // Run here (or checked for here), the file may touch the working directory and any port; a node it is
            // submitted to checks it against its own sandbox.
            var sandbox = PipelineSandbox.Local(Environment.CurrentDirectory, parse.GetValue(allowPath));
            var submit = client.NodeGiven(parse);
            if (!submit)
            {
                try
                {
                    pipeline.Check(sandbox);
                }
                catch (HoconException ex)
                {
                    return ExitCodes.Report(ex);
                }
            }

            if (parse.GetValue(check))
            {
                Console.Error.WriteLine($"{path}: pipeline '{pipeline.Name}' is valid: {string.Join(" -> ", pipeline.Steps)}");
                return ExitCodes.Ok;
            }

            // Only an explicit --node submits: ACTORS_NODE alone must not turn a local run into a submission.
            return submit
                ? await PipelinesCommand.SubmitAsync(client.Read(parse), path.ToString(), SubmittedText(path.ToString()), ct)
                : await PipelineRun.RunAsync(pipeline, parse.GetValue(config), sandbox, ct);
        });
        return command;
    }

    /// <summary>
    /// The text a node is sent: the file as written, or, when it includes others (which stay on this machine),
    /// the checked pipeline with them merged in.
    /// </summary>
    private static string SubmittedText(string path)
    {
        var document = HoconDocument.Load(path);
        return document.Includes.Count == 0 ? HoconDocument.ReadText(path) : document.ResolveAll().Render();
    }
}
