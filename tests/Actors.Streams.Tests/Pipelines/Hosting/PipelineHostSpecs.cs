using Actors.Streams.Pipelines.Hosting;

namespace Actors.Streams.Tests.Pipelines.Hosting;

/// <summary>
/// A node's <see cref="PipelineHost"/> on its own, with the test actor as its registry: it counts elements in
/// and out, reports a finite pipeline as completed and one that does not build as failed with FILE:LINE, and
/// stops a pipeline taken away from it.
/// </summary>
public sealed class PipelineHostSpecs(ITestOutputHelper output) : StreamsSpec(output, "actors.streams.pipelines.heartbeat-interval = 1h"), IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-host-").FullName;

    [Fact]
    public async Task Should_count_elements_in_and_out_and_report_a_finite_pipeline_as_completed()
    {
        // arrange: 10 lines, split into 30 words, the first 25 of them written out
        var input = Path.Combine(_folder, "in.txt");
        var output = Path.Combine(_folder, "out.txt");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 10).Select(i => $"a{i} b{i} c{i}"));
        var host = StartHost();

        // act
        host.Tell(new RunPipeline("words", "words.conf", $$"""
            pipeline {
              name = words
              source { type = file, path = "{{input}}" }
              stages = [ { type = split }, { type = take, count = 25 } ]
              sink { type = file, path = "{{output}}" }
            }
            """));

        // assert
        ExpectMsg<PipelineEnded>(e => e.Name == "words" && e.State == "completed", Wait);
        var info = (await host.Ask<PipelineList>(GetHostedPipelines.Instance, Wait)).Pipelines.Single();
        Assert.Equal(("words", "completed", 0), (info.Name, info.State, info.Restarts));
        Assert.InRange(info.ElementsIn, 9, 10); // take cancels the source once it has 25 words, within the 9th or 10th line
        Assert.Equal(25, info.ElementsOut);
        Assert.Equal(Akka.Cluster.Cluster.Get(Sys).SelfAddress.ToString(), info.Node);
    }

    [Fact]
    public async Task Should_report_a_pipeline_that_does_not_build_as_failed_with_its_file_and_line()
    {
        var host = StartHost();

        host.Tell(new RunPipeline("typed", "typed.conf", "pipeline {\n name = typed\n source { type = file, path = x }\n stages = [ { type = take,\n count = many } ]\n sink { type = stdout }\n}"));

        var ended = ExpectMsg<PipelineEnded>(Wait);
        Assert.StartsWith("failed: typed.conf:5:", ended.State);
        Assert.Equal(ended.State, (await host.Ask<PipelineList>(GetHostedPipelines.Instance, Wait)).Pipelines.Single().State);
    }

    [Fact]
    public async Task Should_rerun_a_failing_pipeline_with_backoff_and_stop_it_when_cancelled()
    {
        // arrange: a source file that does not exist fails every run
        var host = StartHost();
        host.Tell(new RunPipeline("missing", "missing.conf",
            $"pipeline {{ name = missing, source {{ type = file, path = \"{Path.Combine(_folder, "nope.txt")}\" }}, sink {{ type = stdout }} }}"));

        // act + assert: restarting, with a growing count of restarts
        await AwaitAssertAsync(async () =>
        {
            var info = (await host.Ask<PipelineList>(GetHostedPipelines.Instance, Wait)).Pipelines.Single();
            Assert.StartsWith("restarting (", info.State);
            Assert.True(info.Restarts >= 2, $"restarts so far: {info.Restarts}");
        }, Wait, TimeSpan.FromMilliseconds(100));

        host.Tell(new CancelPipeline("missing"));
        await AwaitAssertAsync(async () => Assert.Empty((await host.Ask<PipelineList>(GetHostedPipelines.Instance, Wait)).Pipelines),
            Wait, TimeSpan.FromMilliseconds(50));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // a failing pipeline being rerun has not ended: nothing for the registry
    }

    public new void Dispose()
    {
        base.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private IActorRef StartHost()
    {
        var settings = PipelinesSettings.Create(Sys) with { MinBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) };
        var host = Sys.ActorOf(PipelineHost.Props(settings, TestActor));
        ExpectMsg<RegisterPipelineHost>(r => r.Host.Equals(host) && r.Pipelines.Count == 0, Wait);
        return host;
    }
}
