using System.Collections.Concurrent;
using System.Diagnostics;
using Actors.Consumers;
using Actors.Gateway;
using Actors.Nodes.Cli;
using Actors.Partitions;
using Actors.Streams.Pipelines;
using Actors.Streams.Pipelines.Hosting;
using Actors.Topics;
using Akka.Cluster;

namespace Actors.Nodes.Observe;

/// <summary>
/// Gathers the <see cref="Overview"/> on the node that serves the web console, asking the same actors the CLI's
/// <c>actors cluster</c>, <c>topics</c>, <c>groups</c> and <c>pipelines</c> ask (the cluster's state, the topic
/// registry, each partition, the Kafka edge's groups, the pipeline registry), all at once and each within
/// <see cref="PartTimeout"/>. A part that does not answer in time keeps its last known value (a partition whose node
/// died keeps its last offsets until it answers from its new node) and is named in <see cref="Overview.Errors"/>.
/// One sample serves every request for <see cref="MaxAge"/>, so many open pages cost one sample a second. Messages
/// per second per topic are the growth of its end offsets between two samples. An Akka extension: one per node.
/// </summary>
public sealed class OverviewCollector : IExtension
{
    /// <summary>How long a removed member stays listed, as Removed.</summary>
    public static readonly TimeSpan RemovedShownFor = TimeSpan.FromMinutes(2);

    /// <summary>How long a sample is served before the next is taken.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    private readonly ActorSystem _system;
    private readonly Broker _broker;
    private readonly SemaphoreSlim _sampling = new(1, 1);
    private readonly ConcurrentDictionary<string, (ClusterMemberInfo Member, DateTimeOffset RemovedAt)> _removed = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, int Partition), OverviewPartition> _lastPartitions = [];
    private readonly Dictionary<string, (long Ends, long At)> _lastEnds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _lastRates = new(StringComparer.Ordinal);
    private IReadOnlyList<PartitionGroups> _lastGroups = [];
    private IReadOnlyList<OverviewPipeline> _lastPipelines = [];
    private Overview? _last;
    private long _lastAt;

    public OverviewCollector(ExtendedActorSystem system)
    {
        _system = system;
        _broker = Broker.Get(system);
        PartTimeout = _broker.Settings.AskTimeout < TimeSpan.FromSeconds(3) ? _broker.Settings.AskTimeout : TimeSpan.FromSeconds(3);
        system.SystemActorOf(RemovedMembersWatcher.Props(_removed), "console-removed-members");
    }

    /// <summary>How long each question waits for its answer.</summary>
    public TimeSpan PartTimeout { get; }

    public static OverviewCollector Get(ActorSystem system) => system.WithExtension<OverviewCollector, OverviewCollectorProvider>();

    /// <summary>The latest sample, taken now unless one younger than <see cref="MaxAge"/> exists.</summary>
    public async Task<Overview> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh) return fresh;
        await _sampling.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } sampled) return sampled;
            var overview = await SampleAsync(cancellationToken);
            (_last, _lastAt) = (overview, Stopwatch.GetTimestamp());
            return overview;
        }
        finally
        {
            _sampling.Release();
        }
    }

    private Overview? Fresh() => _last is { } last && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastAt)) < MaxAge ? last : null;

    private async Task<Overview> SampleAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        var cluster = Akka.Cluster.Cluster.Get(_system);
        var members = Members(cluster);
        var topicsTask = TopicsAsync(ct);
        var pipelinesTask = PipelinesAsync(ct);
        var externalTask = Guard(_broker.ListExternalGroupsAsync(PartTimeout, ct));

        var (topics, groups, topicErrors) = await topicsTask;
        errors.AddRange(topicErrors);
        var (pipelines, pipelineError) = await pipelinesTask;
        if (pipelineError is not null) errors.Add(pipelineError);
        var (external, externalError) = await externalTask;
        if (externalError is not null) errors.Add($"kafka groups: {externalError}");

        var overviewGroups = Groups(groups, external);
        return new Overview(cluster.SelfAddress.ToString(), members, topics, overviewGroups, pipelines, DateTimeOffset.UtcNow,
            errors.Count == 0 ? null : errors);
    }

    /// <summary>Every member this node knows (as <c>actors cluster</c> lists them), then those removed lately.</summary>
    private List<OverviewMember> Members(Akka.Cluster.Cluster cluster)
    {
        var state = Gateway.NodeAdmin.Describe(cluster);
        var self = cluster.SelfAddress.ToString();
        var list = state.Members.Select(m => new OverviewMember(m.Address, m.Roles, m.Status, m.Reachable, m.Address == self, m.Address == state.Leader)).ToList();
        var now = DateTimeOffset.UtcNow;
        foreach (var (address, removed) in _removed)
        {
            if (now - removed.RemovedAt > RemovedShownFor) _removed.TryRemove(address, out _);
            else if (list.All(m => m.Address != address))
                list.Add(new OverviewMember(address, removed.Member.Roles, "Removed", false, false));
        }

        return list;
    }

    private async Task<(List<OverviewTopic>, List<PartitionGroups>, List<string>)> TopicsAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        var (specs, listError) = await Guard(_broker.Client.ListTopicsAsync(PartTimeout, ct));
        if (specs is null)
        {
            errors.Add($"topics: {listError}");
            // Keep showing the topics last seen.
            specs = _lastPartitions.Keys.Select(k => k.Topic).Distinct()
                .Select(t => new TopicSpec(new TopicName(t), _lastPartitions.Keys.Count(k => k.Topic == t), TimeSpan.Zero, 0, 0, TimeSpan.Zero, 0))
                .ToList();
            if (specs.Count == 0) return ([], [.. _lastGroups], errors);
        }

        var asks = specs.OrderBy(s => s.Name.Value, StringComparer.Ordinal)
            .Select(spec => (Spec: spec, Partitions: Enumerable.Range(0, spec.Partitions)
                .Select(p => Guard(_broker.Partitions.Ask<PartitionDescription>(new DescribePartition(spec.Name, p), PartTimeout, ct)))
                .ToList()))
            .ToList();
        var topics = new List<OverviewTopic>();
        var groups = new List<PartitionGroups>();
        var now = Stopwatch.GetTimestamp();
        var silent = 0;
        foreach (var (spec, partitionAsks) in asks)
        {
            var partitions = new List<OverviewPartition>();
            for (var p = 0; p < partitionAsks.Count; p++)
            {
                var (description, _) = await partitionAsks[p];
                var key = (spec.Name.Value, p);
                if (description is not null)
                {
                    var partition = new OverviewPartition(p, description.Node, description.Status.StartOffset, description.Status.EndOffset);
                    partitions.Add(_lastPartitions[key] = partition);
                    groups.Add(new PartitionGroups(spec.Name.Value, description.Status));
                }
                else
                {
                    silent++;
                    partitions.Add(_lastPartitions.TryGetValue(key, out var last) ? last with { Node = "" } : new OverviewPartition(p, "", 0, 0));
                    groups.AddRange(_lastGroups.Where(g => g.Topic == spec.Name.Value && g.Status.Partition == p));
                }
            }

            topics.Add(new OverviewTopic(spec.Name.Value, partitions, Rate(spec.Name.Value, partitions.Sum(p => p.EndOffset), now)));
        }

        if (silent > 0) errors.Add($"{silent} partition(s) did not answer within {PartTimeout.TotalSeconds:0.#} s (shown as last seen)");
        foreach (var gone in _lastPartitions.Keys.Where(k => specs.All(s => s.Name.Value != k.Topic)).ToList()) _lastPartitions.Remove(gone);
        _lastGroups = groups;
        return (topics, groups, errors);
    }

    /// <summary>The topic's messages per second since the previous sample (the previous rate if no time passed).</summary>
    private double Rate(string topic, long ends, long now)
    {
        var rate = 0.0;
        if (_lastEnds.TryGetValue(topic, out var last))
        {
            var seconds = Stopwatch.GetElapsedTime(last.At, now).TotalSeconds;
            rate = seconds > 0.05 ? Math.Max(0, ends - last.Ends) / seconds : _lastRates.GetValueOrDefault(topic);
        }

        _lastEnds[topic] = (ends, now);
        _lastRates[topic] = rate;
        return Math.Round(rate, 1);
    }

    /// <summary>Native groups from each partition's status, Kafka groups from the edge, with lag against the same end offsets.</summary>
    private static List<OverviewGroup> Groups(List<PartitionGroups> partitions, ExternalGroupList? external)
    {
        var merged = partitions.Select(p => (p.Topic, Status: external is null ? p.Status : ExternalGroups.Merge([p.Status], external)[0])).ToList();
        var kafka = external?.Groups.Select(g => g.Group.Value).ToHashSet(StringComparer.Ordinal) ?? [];
        return merged
            .SelectMany(p => p.Status.Groups.Select(g => (p.Topic, p.Status, Group: g)))
            .GroupBy(x => (x.Topic, Group: x.Group.Group.Value))
            .OrderBy(g => g.Key.Group, StringComparer.Ordinal).ThenBy(g => g.Key.Topic, StringComparer.Ordinal)
            .Select(g =>
            {
                var rows = g.OrderBy(x => x.Status.Partition)
                    .Select(x => new OverviewGroupPartition(x.Status.Partition, x.Group.CommittedOffset, x.Status.EndOffset, Math.Max(0, x.Status.EndOffset - x.Group.CommittedOffset)))
                    .ToList();
                return new OverviewGroup(g.Key.Group, g.Key.Topic, rows, rows.Sum(r => r.Lag), kafka.Contains(g.Key.Group) ? "kafka" : "native");
            })
            .ToList();
    }

    private async Task<(List<OverviewPipeline>, string?)> PipelinesAsync(CancellationToken ct)
    {
        var client = new PipelineClient(_system, ClusterPipelines.Get(_system).Registry, PartTimeout);
        var (list, error) = await Guard(client.ListAsync(ct));
        if (list is not null)
            _lastPipelines = list.OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => new OverviewPipeline(p.Name, p.State, p.Node, p.ElementsIn, p.ElementsOut, p.Restarts, Math.Round(p.ElementsPerSecond, 1)))
                .ToList();
        return ([.. _lastPipelines], error is null ? null : $"pipelines: {error}");
    }

    /// <summary>The answer, or null and the one-line reason it did not come (a timeout or a refusal).</summary>
    private static async Task<(T? Value, string? Error)> Guard<T>(Task<T> ask) where T : class
    {
        try
        {
            return (await ask, null);
        }
        catch (AskTimeoutException)
        {
            return (null, "no answer in time");
        }
        catch (OperationCanceledException)
        {
            return (null, "cancelled");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, e.GetBaseException().Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>A partition's status (with its groups' committed offsets) and its topic.</summary>
    private sealed record PartitionGroups(string Topic, PartitionStatus Status);

    /// <summary>Remembers members the cluster removed, so the console shows them as Removed for a while.</summary>
    private sealed class RemovedMembersWatcher : ReceiveActor
    {
        public RemovedMembersWatcher(ConcurrentDictionary<string, (ClusterMemberInfo, DateTimeOffset)> removed)
        {
            var cluster = Akka.Cluster.Cluster.Get(Context.System);
            Receive<ClusterEvent.MemberRemoved>(e =>
            {
                var address = e.Member.Address.ToString();
                removed[address] = (new ClusterMemberInfo(address, "Removed", false, e.Member.Roles.OrderBy(r => r, StringComparer.Ordinal).ToList()), DateTimeOffset.UtcNow);
            });
            Receive<ClusterEvent.MemberUp>(e => removed.TryRemove(e.Member.Address.ToString(), out _));
            Receive<ClusterEvent.IMemberEvent>(_ => { });
            Receive<ClusterEvent.CurrentClusterState>(_ => { });
            cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        }

        public static Props Props(ConcurrentDictionary<string, (ClusterMemberInfo, DateTimeOffset)> removed) =>
            Akka.Actor.Props.Create(() => new RemovedMembersWatcher(removed));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}

internal sealed class OverviewCollectorProvider : ExtensionIdProvider<OverviewCollector>
{
    public override OverviewCollector CreateExtension(ExtendedActorSystem system) => new(system);
}
