using Actors.Streams.Pipelines.Hosting;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Actors.Streams.Tests.Pipelines.Hosting;

/// <summary>
/// <c>actors pipelines</c> with something slow below it. The waits nest (runner &lt; host &lt; registry &lt; client),
/// so a runner that does not answer costs only its own row, and a node whose host does not answer keeps its
/// pipelines in the list, with their last known counts, as unknown.
/// </summary>
public sealed class PipelineListingSpecs(ITestOutputHelper output) : StreamsSpec(output, """
    actors.streams.pipelines.heartbeat-interval = 1h
    held-mailbox.mailbox-type = "Actors.Streams.Tests.Pipelines.Hosting.HeldMailbox, Actors.Streams.Tests"
    # The host's first runner is stuck: its mailbox never hands out a message.
    akka.actor.deployment { "/listing-host/pipeline-stuck-1" { mailbox = held-mailbox } }
    """), IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(6);
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-listing-").FullName;

    [Fact]
    public async Task Should_answer_the_registry_in_time_when_one_runner_is_stuck()
    {
        // arrange: a host (the test actor as its registry) with a stuck runner and a finished one
        var settings = PipelinesSettings.Create(Sys) with { AskTimeout = AskTimeout };
        var host = Sys.ActorOf(PipelineHost.Props(settings, TestActor), "listing-host");
        ExpectMsg<RegisterPipelineHost>(Wait);
        var input = Path.Combine(_folder, "in.txt");
        await File.WriteAllLinesAsync(input, ["a", "b", "c"]);
        host.Tell(new RunPipeline("stuck", "stuck.conf", Copy("stuck", input)));
        host.Tell(new RunPipeline("quick", "quick.conf", Copy("quick", input)));
        ExpectMsg<PipelineEnded>(e => e.Name == "quick" && e.State == "completed", Wait);

        // act: list as the registry does, waiting no longer than its ask-timeout
        var listed = await host.Ask<PipelineList>(GetHostedPipelines.Instance, AskTimeout);

        // assert: the finished pipeline with its counts, the stuck one as unknown
        var byName = listed.Pipelines.ToDictionary(p => p.Name);
        Assert.Equal(("completed", 3L, 3L), (byName["quick"].State, byName["quick"].ElementsIn, byName["quick"].ElementsOut));
        Assert.Equal((PipelineHost.NoAnswer, -1L), (byName["stuck"].State, byName["stuck"].ElementsIn));
    }

    [Fact]
    public async Task Should_list_the_pipelines_of_a_node_that_does_not_answer_as_last_known()
    {
        // arrange: a registry whose only host is a probe, running one submitted pipeline
        var settings = PipelinesSettings.Create(Sys) with { AskTimeout = AskTimeout, SettleTime = TimeSpan.FromMilliseconds(100) };
        var registry = Sys.ActorOf(PipelineRegistry.Props(settings));
        var host = CreateTestProbe();
        registry.Tell(new RegisterPipelineHost(host.Ref, []));
        Assert.IsType<PipelineSubmitted>(await registry.Ask<object>(new SubmitPipeline("relay.conf", Copy("relay", "in.txt")), Wait));
        host.ExpectMsg<RunPipeline>(r => r.Name == "relay", Wait);
        var node = Akka.Cluster.Cluster.Get(Sys).SelfAddress.ToString();
        var first = registry.Ask<PipelineList>(ListPipelines.Instance, Wait);
        host.ExpectMsg<GetHostedPipelines>(Wait);
        host.Reply(new PipelineList([new PipelineInfo("relay", node, 7, 5, 2.0, "running", 0)]));
        Assert.Equal(7, (await first).Pipelines.Single().ElementsIn);

        // act: the next listing, which the host does not answer
        var second = registry.Ask<PipelineList>(ListPipelines.Instance, Wait);
        host.ExpectMsg<GetHostedPipelines>(Wait);

        // assert: still listed on its node, with the counts last seen, as unknown
        var relay = (await second).Pipelines.Single();
        Assert.Equal(("relay", node, 7L, 5L, PipelineRegistry.NoAnswer), (relay.Name, relay.Node, relay.ElementsIn, relay.ElementsOut, relay.State));
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

    private string Copy(string name, string input) => $$"""
        pipeline {
          name = {{name}}
          source { type = file, path = "{{input}}" }
          sink { type = file, path = "{{Path.Combine(_folder, name + ".out")}}" }
        }
        """;
}

/// <summary>
/// A mailbox that takes messages and never hands one out: its actor is created (system messages pass) but is as
/// slow as an actor can be. Deployed by path in a spec's config (<c>mailbox = held-mailbox</c>).
/// </summary>
public sealed class HeldMailbox(Akka.Actor.Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<HeldMailbox.Queue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new Queue();

    /// <summary>Counts what it is given and gives nothing back.</summary>
    public sealed class Queue : IMessageQueue
    {
        private int _count;

        public bool HasMessages => false;

        public int Count => _count;

        public void Enqueue(IActorRef receiver, Envelope envelope) => Interlocked.Increment(ref _count);

        public bool TryDequeue(out Envelope envelope)
        {
            envelope = default;
            return false;
        }

        public void CleanUp(IActorRef owner, IMessageQueue deadletters)
        {
        }
    }
}
