using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Streams.Distributed;
using Actors.Streams.Pipelines;
using Actors.Topics;
using Actors.Streams.Tests.Support;

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
    private static readonly TimeSpan Wait = InProcessCluster.Wait;
    private static readonly DistributedWorkSettings OnWorkers = new() { Role = "worker", WindowPerWorker = 4 };
    private readonly ITestOutputHelper _output;
    private readonly InProcessCluster _cluster;

    public DistributedWorkSpecs(ITestOutputHelper output)
    {
        _output = output;
        // Long enough that an element lost by the stage would never come back by redelivery within the spec.
        _cluster = StreamsTestConfig.Cluster("distributed", output, "actors.topics.visibility-timeout = 10m");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

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

    [Fact]
    public async Task Should_run_a_pipeline_files_workers_stage_on_the_worker_nodes()
    {
        // arrange: the workers serve pipeline text steps, the graph's node does not (so only they can do them)
        var (a, b, c) = await StartAsync(workDelay: TimeSpan.Zero);
        WorkerSteps.Serve(b);
        WorkerSteps.Serve(c);
        var folder = Directory.CreateTempSubdirectory("actors-workers-stage-").FullName;
        var (input, output) = (Path.Combine(folder, "in.txt"), Path.Combine(folder, "out.txt"));
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 2000).Select(i => i % 2 == 0 ? "Apple PEAR apple" : "plum Apple"));
        var pipeline = PipelineDefinition.Parse($$"""
            pipeline {
              source { type = file, path = "{{input}}" }
              stages = [
                { type = workers, role = worker, stages = [ { type = lowercase }, { type = split }, { type = filter, contains = p } ] }
                { type = count }
                { type = top, n = 3 }
                { type = format }
              ]
              sink { type = file, path = "{{output}}" }
            }
            """, "workers.conf");

        // act
        await pipeline.Build(a).Run(a.Materializer()).WaitAsync(Wait);

        // assert: every line went through the workers' steps exactly once
        Assert.Equal(["apple 3000", "pear 1000", "plum 1000"], await File.ReadAllLinesAsync(output));
        Directory.Delete(folder, recursive: true);
    }

    private async Task<(ActorSystem A, ActorSystem B, ActorSystem C)> StartAsync(TimeSpan workDelay)
    {
        var systems = await _cluster.StartAsync(("a", ""), ("b", "worker"), ("c", "worker"));
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

    private static Task Kill(ActorSystem node) => InProcessCluster.CrashAsync(node);

    private void Log(string what) => _cluster.Log(what);

    private Task Until(Func<bool> condition, string what) => _cluster.Until(condition, what);

    private Task UntilAsync(Func<Task<bool>> condition, string what) => _cluster.UntilAsync(condition, what);
}
