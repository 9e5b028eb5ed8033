using Actors.Streams.Pipelines.Hosting;

namespace Actors.Streams.Tests.Pipelines.Hosting;

/// <summary>The registry's pure decisions: what its journal events leave, which host a pipeline goes to, and what still needs one.</summary>
public sealed class PipelineRegistryStateSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public void Should_replay_recorded_removed_and_finished_pipelines()
    {
        var state = new object[]
        {
            new PipelineRecorded("a", "a.conf", "text a"), new PipelineRecorded("b", "b.conf", "text b"),
            new PipelineRecorded("c", "c.conf", "text c"), new PipelineRemoved("b"), new PipelineFinished("c", "completed"),
        }.Aggregate(PipelineRegistryState.Empty, (s, e) => s.Apply(e));

        Assert.Equal(["a", "c"], state.Records.Keys);
        Assert.Null(state.Records["a"].Ended);
        Assert.Equal("completed", state.Records["c"].Ended);
        Assert.Equal(["a"], state.Unassigned(new Dictionary<string, IActorRef>()).Select(r => r.Name));
    }

    [Fact]
    public void Should_give_a_pipeline_to_the_host_with_the_fewest_live_pipelines()
    {
        // arrange: host 1 has two pipelines, one of them ended; host 2 has one live pipeline; host 3 none
        var (h1, h2, h3) = (CreateTestProbe("h1").Ref, CreateTestProbe("h2").Ref, CreateTestProbe("h3").Ref);
        var state = new object[]
        {
            new PipelineRecorded("a", "a.conf", ""), new PipelineRecorded("b", "b.conf", ""), new PipelineRecorded("c", "c.conf", ""),
            new PipelineFinished("b", "completed"),
        }.Aggregate(PipelineRegistryState.Empty, (s, e) => s.Apply(e));
        var assignments = new Dictionary<string, IActorRef> { ["a"] = h1, ["b"] = h1, ["c"] = h2 };

        // act + assert
        Assert.Equal(h3, state.LeastLoaded([h1, h2, h3], assignments));
        Assert.Equal(h1, state.LeastLoaded([h1, h2], assignments)); // one live each: the first by path
        Assert.Null(state.LeastLoaded([], assignments));
    }
}
