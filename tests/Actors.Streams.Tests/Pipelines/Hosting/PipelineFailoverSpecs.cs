using System.Collections.Concurrent;
using System.Text;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Streams.Pipelines.Hosting;
using Actors.Streams.Tests.Support;
using Actors.Topics;
using Akka.Cluster;

namespace Actors.Streams.Tests.Pipelines.Hosting;

/// <summary>
/// Three nodes in one process on loopback, sharing one SQLite journal, each with its pipeline host and the
/// registry singleton on the oldest. A topic-to-topic pipeline is submitted and relays messages; then the node
/// running it is killed (its actor system stops without leaving). The pipeline must run again on a survivor,
/// and messages published after the crash must reach the output topic.
/// </summary>
public sealed class PipelineFailoverSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;
    private static readonly TopicName Input = new("relay-in");
    private static readonly TopicName Output = new("relay-out");

    private const string Relay = """
        pipeline {
          name = relay
          source { type = topic, topic = "relay-in", group = relay }
          stages = [ { type = lowercase } ]
          sink { type = topic, topic = "relay-out" }
        }
        """;

    private readonly ITestOutputHelper _output;
    private readonly InProcessCluster _cluster;
    private readonly ConcurrentDictionary<string, int> _relayed = new();

    public PipelineFailoverSpecs(ITestOutputHelper output)
    {
        _output = output;
        _cluster = StreamsTestConfig.Cluster("pipelines", output, """
            actors.topics.visibility-timeout = 3s
            actors.streams.pipelines { heartbeat-interval = 200ms, settle-time = 1s, min-backoff = 200ms, max-backoff = 2s }
            """);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Should_run_a_pipeline_again_on_a_survivor_when_its_node_dies()
    {
        // arrange: three nodes, the two topics, the pipeline submitted and relaying
        var nodes = await StartClusterAsync("a", "b", "c");
        await Broker.Get(nodes[0]).Client.CreateTopicAsync(Input, 3, Wait);
        await Broker.Get(nodes[0]).Client.CreateTopicAsync(Output, 3, Wait);
        var submitted = await ClusterPipelines.Get(nodes[0]).Registry.Ask<object>(new SubmitPipeline("relay.conf", Relay), Wait);
        Assert.IsType<PipelineSubmitted>(submitted);
        var before = await UntilRunning(nodes[0], _ => true, "the relay pipeline running somewhere");
        var victim = nodes.Single(n => Cluster.Get(n).SelfAddress.ToString() == before.Node);
        var survivors = nodes.Where(n => n != victim).ToList();
        var observer = survivors[0];
        _output.WriteLine($"relay runs on {before.Node}; the registry on the oldest node {Cluster.Get(nodes[0]).SelfAddress}");

        observer.ActorOf(Props.Create(() => new Recorder(_relayed)), "recorder").Tell(Broker.Get(observer));
        await PublishAsync(observer, "First", 20);
        await Until(() => Enumerable.Range(0, 20).All(i => _relayed.ContainsKey($"first-{i}")), "the first 20 messages relayed to relay-out");

        // act: the pipeline's node crashes
        await Kill(victim);
        await Until(() => survivors.All(s => Cluster.Get(s).State.Members.Count == 2), "the survivors downed and removed the dead node");

        // assert: running again on a survivor, and what is published now is relayed
        var after = await UntilRunning(observer, p => p.Node != before.Node, "the relay pipeline running on a survivor");
        Assert.Contains(after.Node, survivors.Select(s => Cluster.Get(s).SelfAddress.ToString()));
        await PublishAsync(observer, "Second", 20);
        await Until(() => Enumerable.Range(0, 20).All(i => _relayed.ContainsKey($"second-{i}")), "the 20 messages published after the crash relayed to relay-out");
        var last = await UntilRunning(observer, p => p.Node == after.Node && p.ElementsOut >= 20, "the relay's counts on its new node");
        _output.WriteLine($"relay now on {last.Node}: {last.ElementsIn} in, {last.ElementsOut} out, state {last.State}");
    }

    [Fact]
    public async Task Should_keep_every_pipeline_running_once_when_the_registry_node_dies()
    {
        // arrange: three pipelines, given to the least loaded hosts (so most likely one per node)
        var nodes = await StartClusterAsync("a", "b", "c");
        var names = new[] { "move-1", "move-2", "move-3" };
        foreach (var name in names)
        {
            var text = $"pipeline {{ name = {name}, source {{ type = topic, topic = \"move-in\", group = {name} }}, sink {{ type = topic, topic = \"{name}-out\" }} }}";
            Assert.IsType<PipelineSubmitted>(await ClusterPipelines.Get(nodes[0]).Registry.Ask<object>(new SubmitPipeline($"{name}.conf", text), Wait));
        }

        var before = await UntilAllRunning(nodes[0], names, _ => true, "three pipelines running");
        var oldest = nodes[0];
        var oldestAddress = Cluster.Get(oldest).SelfAddress.ToString();
        _output.WriteLine("before: " + string.Join(", ", before.Select(p => $"{p.Name} on {p.Node}")));

        // act: the registry's node (the oldest) crashes
        await Kill(oldest);
        var survivors = nodes.Skip(1).ToList();
        await Until(() => survivors.All(s => Cluster.Get(s).State.Members.Count == 2), "the survivors downed and removed the dead node");

        // assert: all run on survivors; those that were on survivors stayed where they were; none runs twice
        var after = await UntilAllRunning(survivors[0], names, p => p.Node != oldestAddress, "three pipelines running on the survivors");
        foreach (var moved in before.Where(p => p.Node != oldestAddress))
            Assert.Equal(moved.Node, after.Single(p => p.Name == moved.Name).Node);
        // A second copy (started before the new registry heard from its host) would be cancelled by now.
        var hosted = await Poll.UntilAsync(async () =>
                (await Task.WhenAll(survivors.Select(s => ClusterPipelines.Get(s).Host.Ask<PipelineList>(GetHostedPipelines.Instance, Wait))))
                .SelectMany(l => l.Pipelines).Select(p => p.Name).Order().ToList(),
            h => h.SequenceEqual(names), Wait, "each pipeline hosted exactly once on the survivors", h => string.Join(", ", h));
        Assert.Equal(names, hosted); // each pipeline hosted exactly once on the survivors
    }

    private async Task<IReadOnlyList<PipelineInfo>> UntilAllRunning(ActorSystem node, string[] names, Func<PipelineInfo, bool> matches, string what)
    {
        List<PipelineInfo> Running(PipelineList list) => list.Pipelines.Where(p => p.State == "running" && matches(p)).ToList();
        var last = await Poll.UntilAsync(() => ClusterPipelines.Get(node).Registry.Ask<PipelineList>(ListPipelines.Instance, TimeSpan.FromSeconds(5)),
            list => Running(list).Select(p => p.Name).Order().SequenceEqual(names), Wait, what,
            list => string.Join("; ", list.Pipelines.Select(p => $"{p.Name} on {p.Node} {p.State}")));
        _cluster.Log(what);
        return Running(last);
    }

    /// <summary>Asks the registry until the relay pipeline is running and <paramref name="matches"/>; the registry may be moving meanwhile.</summary>
    private async Task<PipelineInfo> UntilRunning(ActorSystem node, Func<PipelineInfo, bool> matches, string what) =>
        (await UntilAllRunning(node, ["relay"], matches, what)).Single();

    private static async Task PublishAsync(ActorSystem node, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
            await Broker.Get(node).Client.PublishAsync(Input, Encoding.UTF8.GetBytes($"{prefix}-{i}"), $"k{i}", timeout: Wait);
    }

    private async Task<List<ActorSystem>> StartClusterAsync(params string[] names)
    {
        var systems = await _cluster.StartAsync(names.Select(n => (n, "")).ToArray());
        foreach (var system in systems) ClusterPipelines.Get(system);
        return systems;
    }

    private static Task Kill(ActorSystem node) => InProcessCluster.CrashAsync(node);

    private Task Until(Func<bool> condition, string what) => _cluster.Until(condition, what);

    /// <summary>Joins the output topic's "check" group when told the broker, then records and acks each message.</summary>
    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentDictionary<string, int> relayed)
        {
            Receive<Broker>(broker => broker.Subscribe(new ConsumerSettings(Output, new GroupName("check"), 50, StartFrom.Earliest), Self));
            Receive<Delivery>(d =>
            {
                relayed.AddOrUpdate(Encoding.UTF8.GetString(d.Message.Payload), 1, (_, n) => n + 1);
                Sender.Tell(d.ToAck());
            });
        }
    }
}
