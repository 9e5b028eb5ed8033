using Actors.Streams.Distributed;

namespace Actors.Streams.Tests.Distributed;

/// <summary>What a graph sees when distributed work cannot be done: one node, so no failure detection is involved.</summary>
public sealed class DistributedWorkFailureSpecs(ITestOutputHelper output) : StreamsSpec(output)
{
    [Fact]
    public async Task Should_fail_the_stream_with_the_workers_error_when_work_throws()
    {
        DistributedWork.Serve<string, int>(Sys, "parse", s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture));

        var run = Source.From(["1", "2", "three", "4"]).Via(DistributedWork.Flow<string, int>(Sys, "parse")).RunWith(Sink.Seq<int>(), Materializer);

        var error = await Assert.ThrowsAsync<WorkFailedException>(() => run.WaitAsync(Wait));
        Assert.Contains("distributed work 'parse'", error.Message);
        Assert.Contains("FormatException", error.Message);
    }

    [Fact]
    public async Task Should_fail_the_stream_with_a_clear_reason_when_no_worker_takes_the_work()
    {
        var settings = new DistributedWorkSettings { Role = "gpu", NoWorkerTimeout = TimeSpan.FromSeconds(1) };

        var run = Source.Single("x").Via(DistributedWork.Flow<string, string>(Sys, "render", settings)).RunWith(Sink.Seq<string>(), Materializer);

        var error = await Assert.ThrowsAsync<NoWorkersException>(() => run.WaitAsync(Wait));
        Assert.Equal("no worker for 'render' on nodes with role 'gpu' took work for 1 s; start one with DistributedWork.Serve", error.Message);
    }

    [Fact]
    public async Task Should_complete_at_once_on_empty_input()
    {
        var results = await Source.Empty<string>().Via(DistributedWork.Flow<string, string>(Sys, "anything")).RunWith(Sink.Seq<string>(), Materializer).WaitAsync(Wait);

        Assert.Empty(results);
    }

    [Theory]
    [InlineData("[ { type = count } ]", "workers.conf:3:52: 'count' cannot run on workers; expected one of lowercase, split, filter")]
    [InlineData("[ { type = split, contains = x } ]", "workers.conf:3:59: 'split' has no setting 'contains'; expected separator")]
    [InlineData("[ ]", "workers.conf:3:14: 'workers' needs at least one stage; expected one of lowercase, split, filter")]
    public void Should_name_the_line_of_a_workers_stage_that_cannot_run(string stages, string error)
    {
        var pipeline = Actors.Streams.Pipelines.PipelineDefinition.Parse($$"""
            pipeline {
              source { type = file, path = "in.txt" }
              stages = [ { type = workers, stages = {{stages}} } ]
              sink { type = stdout }
            }
            """, "workers.conf");

        var problem = Assert.Throws<Actors.Hocon.HoconException>(() => { _ = pipeline.Build(Sys); });

        Assert.Equal(error, problem.Message);
    }
}
