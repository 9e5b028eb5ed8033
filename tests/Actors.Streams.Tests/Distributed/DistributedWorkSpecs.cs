using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Streams.Distributed;
using Actors.Topics;
using Akka.Cluster;

namespace Actors.Streams.Tests.Distributed;

/// <summary>
/// A graph on one node whose middle stage runs on worker nodes of a role. Three actor systems in one process
/// on loopback share one SQLite journal: "a" runs the graph (and serves the work too, without the role, so it
/// must not be used), "b" and "c" are the workers. Failure detection and the split-brain resolver run on short
/// timers, as in the cluster specs.
/// </summary>
public sealed class DistributedWorkSpecs : IAsyncLifetime
{
    private const string Work = "tag";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    private static readonly DistributedWorkSettings OnWorkers = new() { Role = "worker", WindowPerWorker = 4 };
    private readonly string _folder = Directory.CreateTempSubdirectory("actors-distributed-").FullName;
    private readonly List<ActorSystem> _systems = [];
    private readonly ITestOutputHelper _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public DistributedWorkSpecs(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_systems.Select(s => s.Terminate()));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Should_balance_elements_over_the_workers_of_a_role_and_keep_their_order()
    {
        var (a, _, _) = await StartAsync(workDelay: TimeSpan.Zero);
        var inputs = Enumerable.Range(0, 3000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var results = await Source.From(inputs).Via(DistributedWork.Flow<string, string>(a, Work, OnWorkers)).RunWith(Sink.Seq<string>(), a.Materializer());

        Assert.Equal(inputs, results.Select(r => r.Split('@')[0]));
        var byNode = results.GroupBy(r => r.Split('@')[1]).ToDictionary(g => g.Key, g => g.Count());
        _output.WriteLine("results per node: " + string.Join(", ", byNode.Select(n => $"{n.Key}={n.Value}")));
        Assert.Equal(["b", "c"], byNode.Keys.Order());
        Assert.All(byNode.Values, count => Assert.True(count >= 300, $"each worker takes a share, got {count} of {inputs.Count}"));
    }

    [Fact]
    public async Task Should_take_no_more_from_upstream_than_the_workers_windows_when_downstream_is_slow()
    {
        var (a, _, _) = await StartAsync(workDelay: TimeSpan.Zero);
        var emitted = 0;
        var (stop, queue) = Source.From(Enumerable.Range(0, 1_000_000))
            .Select(i =>
            {
                Interlocked.Increment(ref emitted);
                return i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            })
            .Via(DistributedWork.Flow<string, string>(a, Work, OnWorkers))
            .ViaMaterialized(KillSwitches.Single<string>(), Keep.Right)
            .ToMaterialized(Sink.Queue<string>().WithAttributes(Attributes.CreateInputBuffer(1, 1)), Keep.Both)
            .Run(a.Materializer());

        // Two workers with windows of 4: at most 8 in flight or waiting, a batch (half a window) held by the stage,
        // 1 in the queue's buffer.
        for (var pulled = 1; pulled <= 3; pulled++)
        {
            Assert.Equal($"{pulled - 1}", (await queue.PullAsync()).Value!.Split('@')[0]);
            var bound = pulled + 8 + 2 + 1;
            await Until(() => Volatile.Read(ref emitted) >= pulled + 8, $"the workers' windows filled again after {pulled} pulled");
            Assert.True(Volatile.Read(ref emitted) <= bound, $"after {pulled} pulled, upstream gave {emitted}; at most {bound} expected");
        }

        stop.Shutdown();
    }

    [Fact]
    public async Task Should_give_a_lost_workers_share_to_the_others_and_lose_no_committed_message()
    {
        const int Messages = 1500;
        var (a, b, _) = await StartAsync(workDelay: TimeSpan.FromMilliseconds(5));
        var topic = new TopicName("jobs");
        var client = Broker.Get(a).Client;
        await client.CreateTopicAsync(topic, 4, Wait);
        await Task.WhenAll(Enumerable.Range(0, Messages).Select(i => client.PublishAsync(topic, Encoding.UTF8.GetBytes($"{i}"), $"k{i % 20}", timeout: Wait)));
        Log($"{Messages} messages published");

        // Each result is stored (here: recorded with the node that made it) before its message is committed.
        var stored = new ConcurrentDictionary<string, string>();
        var afterKill = new ConcurrentBag<string>();
        var killed = 0;
        var (kill, done) = TopicSource.Committable(a, new ConsumerSettings(topic, new GroupName("tagger"), 50, StartFrom.Earliest))
            .Select(m => (Encoding.UTF8.GetString(m.Message.Payload), m))
            .Via(DistributedWork.FlowWithContext<string, string, CommittableMessage>(a, Work, OnWorkers))
            .Select(result =>
            {
                var (input, node) = (result.Item1.Split('@')[0], result.Item1.Split('@')[1]);
                stored[input] = node;
                if (Volatile.Read(ref killed) == 1) afterKill.Add(node);
                return result.Item2;
            })
            .ViaMaterialized(KillSwitches.Single<CommittableMessage>(), Keep.Right)
            .ToMaterialized(Committer.Sink(), Keep.Both)
            .Run(a.Materializer());

        await Until(() => stored.Values.Count(n => n == "b") >= 100, "worker b has done 100 elements");
        await Kill(b);
        Volatile.Write(ref killed, 1);
        Log($"b killed with {stored.Count} of {Messages} stored");

        await Until(() => stored.Count == Messages, $"every message stored (have {stored.Count})");
        Log("every message stored");
        Assert.Contains("c", afterKill);
        Assert.DoesNotContain("a", stored.Values);

        // Everything was committed: no gap and nothing left in flight, in every partition.
        await UntilAsync(async () => (await client.GetStatusAsync(topic, Wait)).All(p =>
            p.Groups.Single(g => g.Group.Value == "tagger").CommittedOffset == p.EndOffset), "every partition committed to its end");
        Log("every partition committed to its end");
        kill.Shutdown();
        await done.WaitAsync(Wait);
    }

    private async Task<(ActorSystem A, ActorSystem B, ActorSystem C)> StartAsync(TimeSpan workDelay)
    {
        var systems = new[] { ("a", ""), ("b", "worker"), ("c", "worker") }
            .Select(n => ActorSystem.Create("distributed", NodeConfig(n.Item1, n.Item2))).ToList();
        _systems.AddRange(systems);
        var seed = Akka.Cluster.Cluster.Get(systems[0]).SelfAddress;
        foreach (var system in systems) Akka.Cluster.Cluster.Get(system).Join(seed);
        await Until(() => systems.All(s => Akka.Cluster.Cluster.Get(s).State.Members.Count(m => m.Status == MemberStatus.Up) == systems.Count), "3 nodes up");
        foreach (var (system, name) in systems.Zip(["a", "b", "c"]))
        {
            Broker.Get(system);
            DistributedWork.Serve<string, string>(system, Work, async item =>
            {
                if (workDelay > TimeSpan.Zero) await Task.Delay(workDelay);
                return $"{item}@{name}";
            });
        }

        // The coordinator sees both workers before the graph starts (the registry gossips within a second).
        var routing = Actors.Routing.Routes.Get(systems[0]);
        await UntilAsync(async () => (await routing.GetRouteesAsync(new($"work.{Work}"), "worker", Wait)).Count == 2, "both workers registered");
        Log("cluster up, workers registered");
        return (systems[0], systems[1], systems[2]);
    }

    private Config NodeConfig(string name, string role) => ActorsSettings.Complete(ConfigurationFactory.ParseString($$"""
        # node {{name}}
        actors.storage { provider = sqlite, sqlite.path = "{{Path.Combine(_folder, "journal.db").Replace("\\", "/")}}" }
        # Long enough that an element lost by the stage would never come back by redelivery within the spec.
        actors.topics { commit-interval = 50ms, visibility-timeout = 10m }
        actors.consumers { heartbeat-interval = 200ms, retry-interval = 300ms }
        akka {
          loglevel = WARNING
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          # Terminate() is a crash here.
          coordinated-shutdown.run-by-actor-system-terminate = off
          coordinated-shutdown.exit-clr = off
          cluster {
            roles = [{{role}}]
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver { active-strategy = keep-majority, stable-after = 2s }
            # A busy 2-core machine stalls heartbeats for a second at times; a healthy node must not be taken for dead.
            failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 3s, threshold = 8.0 }
            unreachable-nodes-reaper-interval = 200ms
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            sharding.rebalance-interval = 1s
          }
        }
        """)).WithFallback(StreamsSettings.DefaultConfig());

    /// <summary>A crash, as the others see it: remoting stops dead and the system stops without leaving.</summary>
    private static async Task Kill(ActorSystem node)
    {
        await ((Akka.Remote.RemoteActorRefProvider)((ExtendedActorSystem)node).Provider).Transport.Shutdown();
        await node.Terminate();
    }

    private void Log(string what) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0}s {what}");

    private static Task Until(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception ex) when (ex is TimeoutException or Akka.Actor.AskTimeoutException)
            {
            }

            if (clock.Elapsed > Wait) throw new TimeoutException($"timed out after {Wait.TotalSeconds} s waiting for: {what}");
            await Task.Delay(50);
        }
    }
}
