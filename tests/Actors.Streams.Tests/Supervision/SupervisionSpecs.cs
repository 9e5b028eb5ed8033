using Actors.Streams.Supervision;

namespace Actors.Streams.Tests.Supervision;

public sealed class SupervisionSpecs(ITestOutputHelper output) : StreamsSpec(output)
{
    [Fact]
    public async Task Should_resume_past_bad_input_and_stop_on_other_failures()
    {
        var parsed = await Source.From(new[] { "1", "x", "3" })
            .Select(int.Parse).WithAttributes(Deciders.Attributes(Deciders.ResumeOnBadInput))
            .RunWith(Sink.Seq<int>(), Materializer);
        var failing = Source.From(new[] { 1, 0 })
            .Select(i => 10 / i).WithAttributes(Deciders.Attributes(Deciders.ResumeOnBadInput))
            .RunWith(Sink.Seq<int>(), Materializer);

        Assert.Equal([1, 3], parsed);
        await Assert.ThrowsAsync<DivideByZeroException>(() => failing);
    }

    [Fact]
    public void Should_restart_a_failed_pipeline_with_backoff_until_it_completes()
    {
        // arrange: a graph that fails on its first two runs and completes on the third
        var runs = 0;
        var backoff = RestartSettings.Create(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), 0.1);
        var supervisor = Sys.ActorOf(PipelineSupervisor.Props("flaky", materializer =>
        {
            var run = Interlocked.Increment(ref runs);
            TestActor.Tell($"run {run}");
            return Source.Single(run).Select(r => r < 3 ? throw new IOException("connection lost") : r).RunWith(Sink.Ignore<int>(), materializer);
        }, backoff));
        Watch(supervisor);

        // act & assert
        ExpectMsg("run 1", Wait);
        ExpectMsg("run 2", Wait);
        ExpectMsg("run 3", Wait);
        ExpectTerminated(supervisor, Wait);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Should_double_the_backoff_per_restart_up_to_the_maximum_with_at_most_the_random_factor_of_jitter()
    {
        var backoff = RestartSettings.Create(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 0.2);

        var delays = Enumerable.Range(0, 6).Select(restarts => PipelineSupervisor.Backoff(backoff, restarts).TotalMilliseconds).ToList();

        double[] expected = [100, 200, 400, 800, 1000, 1000];
        Assert.All(delays.Zip(expected, (delay, least) => (Delay: delay, Least: least)), d => Assert.InRange(d.Delay, d.Least, d.Least * 1.2));
    }

    [Fact]
    public void Should_end_a_pipeline_the_decider_stops_and_tell_its_end_when_asked_to()
    {
        // arrange: a graph that cannot be built, and a decider that calls that final
        var backoff = RestartSettings.Create(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 0);
        var supervisor = Sys.ActorOf(PipelineSupervisor.Props("unbuildable", _ => throw new FormatException("bad file"), backoff,
            ex => ex is FormatException ? Akka.Streams.Supervision.Directive.Stop : Akka.Streams.Supervision.Directive.Restart, TestActor));

        // act + assert: no rerun, the end told, and the supervisor stays to be asked
        Assert.Equal(new PipelineStatus("unbuildable", 0, "failed: bad file"), ExpectMsg<PipelineStatus>(Wait));
        supervisor.Tell(PipelineSupervisor.GetStatus.Instance);
        Assert.Equal(new PipelineStatus("unbuildable", 0, "failed: bad file"), ExpectMsg<PipelineStatus>(Wait));
    }

    [Fact]
    public void Should_give_up_after_the_allowed_restarts()
    {
        var backoff = RestartSettings.Create(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 0).WithMaxRestarts(2, TimeSpan.FromMinutes(1));
        var supervisor = Sys.ActorOf(PipelineSupervisor.Props("broken", materializer =>
        {
            TestActor.Tell("run");
            return Source.Failed<int>(new IOException("no route")).RunWith(Sink.Ignore<int>(), materializer);
        }, backoff));
        Watch(supervisor);

        ExpectMsg("run", Wait);
        ExpectMsg("run", Wait);
        ExpectMsg("run", Wait);
        ExpectTerminated(supervisor, Wait);
    }
}
