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
/// <see cref="PartTimeout"/>. An Akka extension (one per node, started with the node) in front of one actor,
/// <see cref="OverviewSampler"/>, which owns everything remembered between samples; see there.
/// </summary>
public sealed class OverviewCollector : IExtension
{
    /// <summary>How long a removed member stays listed, as Removed.</summary>
    public static readonly TimeSpan RemovedShownFor = TimeSpan.FromMinutes(2);

    /// <summary>How long a sample is served before the next is taken.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    private readonly IActorRef _sampler;

    public OverviewCollector(ExtendedActorSystem system)
    {
        var broker = Broker.Get(system);
        PartTimeout = broker.Settings.AskTimeout < TimeSpan.FromSeconds(3) ? broker.Settings.AskTimeout : TimeSpan.FromSeconds(3);
        _sampler = system.SystemActorOf(OverviewSampler.Props(PartTimeout), "console-overview");
    }

    /// <summary>How long each question waits for its answer.</summary>
    public TimeSpan PartTimeout { get; }

    public static OverviewCollector Get(ActorSystem system) => system.WithExtension<OverviewCollector, OverviewCollectorProvider>();

    /// <summary>The latest sample, taken now unless one younger than <see cref="MaxAge"/> exists.</summary>
    public Task<Overview> GetAsync(CancellationToken cancellationToken) =>
        // A sample waits at most PartTimeout for each part, all at once: twice that and a margin is a sampler that is stuck.
        _sampler.Ask<Overview>(GetOverview.Instance, PartTimeout * 2 + TimeSpan.FromSeconds(5), cancellationToken);
}

internal sealed class OverviewCollectorProvider : ExtensionIdProvider<OverviewCollector>
{
    public override OverviewCollector CreateExtension(ExtendedActorSystem system) => new(system);
}

/// <summary>Asks the <see cref="OverviewSampler"/> for the latest <see cref="Overview"/>.</summary>
internal sealed class GetOverview
{
    public static readonly GetOverview Instance = new();

    private GetOverview()
    {
    }
}

/// <summary>
/// The console's one sampler per node. Every request gets the last sample while it is younger than
/// <see cref="OverviewCollector.MaxAge"/>; otherwise one sample is taken and answers every request that came meanwhile,
/// so many open pages cost one sample a second. The questions run off the actor (<see cref="GatherAsync"/> touches no
/// state) and their answers come back as one message; the actor alone keeps what lives between samples: members the
/// cluster removed (listed as Removed for <see cref="OverviewCollector.RemovedShownFor"/>), each partition's last
/// answer (a partition that does not answer in time, say whose node just died, keeps its last offsets and is named in
/// <see cref="Overview.Errors"/>), and each topic's last end offsets, from which messages per second are computed.
/// </summary>
internal sealed class OverviewSampler : ReceiveActor
{
    private readonly TimeSpan _partTimeout;
    private readonly ActorSystem _system = Context.System;
    private readonly Broker _broker;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly List<IActorRef> _waiting = [];
    private readonly Dictionary<string, (ClusterMemberInfo Member, DateTimeOffset RemovedAt)> _removed = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, int Partition), OverviewPartition> _lastPartitions = [];
    private readonly Dictionary<string, (long Ends, long At)> _lastEnds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _lastRates = new(StringComparer.Ordinal);
    private IReadOnlyList<PartitionGroups> _lastGroups = [];
    private IReadOnlyList<OverviewPipeline> _lastPipelines = [];
    private Overview? _last;
    private long _lastAt;
    private bool _sampling;

    public OverviewSampler(TimeSpan partTimeout)
    {
        _partTimeout = partTimeout;
        _broker = Broker.Get(_system);
        Receive<GetOverview>(_ => Request(Sender));
        Receive<Gathered>(Sampled);
        Receive<Status.Failure>(failure =>
        {
            _sampling = false;
            foreach (var waiter in _waiting) waiter.Tell(failure);
            _waiting.Clear();
        });
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            var address = e.Member.Address.ToString();
            _removed[address] = (new ClusterMemberInfo(address, "Removed", false, e.Member.Roles.OrderBy(r => r, StringComparer.Ordinal).ToList()), DateTimeOffset.UtcNow);
        });
        Receive<ClusterEvent.MemberUp>(e => _removed.Remove(e.Member.Address.ToString()));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
    }

    public static Props Props(TimeSpan partTimeout) => Akka.Actor.Props.Create(() => new OverviewSampler(partTimeout));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Request(IActorRef requester)
    {
        if (_last is { } last && Stopwatch.GetElapsedTime(_lastAt) < OverviewCollector.MaxAge)
        {
            requester.Tell(last);
            return;
        }

        _waiting.Add(requester);
        if (_sampling) return;
        _sampling = true;
        // The topics last seen, in case the registry does not answer: their partitions are still asked.
        var known = _lastPartitions.Keys.GroupBy(k => k.Topic, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        GatherAsync(known).PipeTo(Self);
    }

    /// <summary>What one sample asks, all at once; the answers or why each did not come. Reads no state of the actor.</summary>
    private async Task<Gathered> GatherAsync(IReadOnlyDictionary<string, int> known)
    {
        var listing = Guard(_broker.Client.ListTopicsAsync(_partTimeout, CancellationToken.None));
        var pipelines = Guard(new PipelineClient(_system, ClusterPipelines.Get(_system).Registry, _partTimeout).ListAsync(CancellationToken.None));
        var external = Guard(_broker.ListExternalGroupsAsync(_partTimeout, CancellationToken.None));

        var (specs, listError) = await listing;
        var topics = specs?.Select(s => (Topic: s.Name.Value, Count: s.Partitions)).ToList()
            ?? known.Select(k => (Topic: k.Key, Count: k.Value)).ToList();
        var asks = topics.OrderBy(t => t.Topic, StringComparer.Ordinal)
            .Select(t => (t.Topic, Partitions: Enumerable.Range(0, t.Count)
                .Select(p => Guard(_broker.Partitions.Ask<PartitionDescription>(new DescribePartition(new TopicName(t.Topic), p), _partTimeout)))
                .ToList()))
            .ToList();
        var described = new List<(string Topic, IReadOnlyList<PartitionDescription?> Partitions)>();
        foreach (var (topic, partitionAsks) in asks)
            described.Add((topic, (await Task.WhenAll(partitionAsks)).Select(a => a.Value).ToList()));
        return new Gathered(specs is not null, listError, described, await pipelines, await external);
    }

    private void Sampled(Gathered gathered)
    {
        _sampling = false;
        var errors = new List<string>();
        if (!gathered.Listed) errors.Add($"topics: {gathered.ListError}");
        var (topics, groups, silent) = Topics(gathered.Topics);
        if (silent > 0) errors.Add($"{silent} partition(s) did not answer within {_partTimeout.TotalSeconds:0.#} s (shown as last seen)");
        var (pipelines, pipelineError) = gathered.Pipelines;
        if (pipelines is not null)
            _lastPipelines = pipelines.OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => new OverviewPipeline(p.Name, p.State, p.Node, p.ElementsIn, p.ElementsOut, p.Restarts, Math.Round(p.ElementsPerSecond, 1)))
                .ToList();
        if (pipelineError is not null) errors.Add($"pipelines: {pipelineError}");
        var (external, externalError) = gathered.External;
        if (externalError is not null) errors.Add($"kafka groups: {externalError}");

        var overview = new Overview(_cluster.SelfAddress.ToString(), Members(), topics, Groups(groups, external), [.. _lastPipelines], DateTimeOffset.UtcNow,
            errors.Count == 0 ? null : errors);
        (_last, _lastAt) = (overview, Stopwatch.GetTimestamp());
        foreach (var waiter in _waiting) waiter.Tell(overview);
        _waiting.Clear();
    }

    /// <summary>Every member this node knows (as <c>actors cluster</c> lists them), then those removed lately.</summary>
    private List<OverviewMember> Members()
    {
        var state = Gateway.NodeAdmin.Describe(_cluster);
        var self = _cluster.SelfAddress.ToString();
        var list = state.Members.Select(m => new OverviewMember(m.Address, m.Roles, m.Status, m.Reachable, m.Address == self, m.Address == state.Leader)).ToList();
        var now = DateTimeOffset.UtcNow;
        foreach (var (address, removed) in _removed.ToList())
        {
            if (now - removed.RemovedAt > OverviewCollector.RemovedShownFor) _removed.Remove(address);
            else if (list.All(m => m.Address != address))
                list.Add(new OverviewMember(address, removed.Member.Roles, "Removed", false, false));
        }

        return list;
    }

    /// <summary>The topics from their partitions' answers, the last ones kept for the partitions that did not answer.</summary>
    private (List<OverviewTopic> Topics, List<PartitionGroups> Groups, int Silent) Topics(IReadOnlyList<(string Topic, IReadOnlyList<PartitionDescription?> Partitions)> described)
    {
        var topics = new List<OverviewTopic>();
        var groups = new List<PartitionGroups>();
        var now = Stopwatch.GetTimestamp();
        var silent = 0;
        foreach (var (topic, descriptions) in described)
        {
            var partitions = new List<OverviewPartition>();
            for (var p = 0; p < descriptions.Count; p++)
            {
                var key = (topic, p);
                if (descriptions[p] is { } description)
                {
                    var partition = new OverviewPartition(p, description.Node, description.Status.StartOffset, description.Status.EndOffset);
                    partitions.Add(_lastPartitions[key] = partition);
                    groups.Add(new PartitionGroups(topic, description.Status));
                }
                else
                {
                    silent++;
                    partitions.Add(_lastPartitions.TryGetValue(key, out var last) ? last with { Node = "" } : new OverviewPartition(p, "", 0, 0));
                    groups.AddRange(_lastGroups.Where(g => g.Topic == topic && g.Status.Partition == p));
                }
            }

            topics.Add(new OverviewTopic(topic, partitions, Rate(topic, partitions.Sum(p => p.EndOffset), now)));
        }

        foreach (var gone in _lastPartitions.Keys.Where(k => described.All(d => d.Topic != k.Topic)).ToList()) _lastPartitions.Remove(gone);
        _lastGroups = groups;
        return (topics, groups, silent);
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

    /// <summary>One sample's answers: the topic listing (or why not), each partition's description (null: no answer), pipelines, Kafka groups.</summary>
    private sealed record Gathered(
        bool Listed,
        string? ListError,
        IReadOnlyList<(string Topic, IReadOnlyList<PartitionDescription?> Partitions)> Topics,
        (IReadOnlyList<PipelineInfo>? Value, string? Error) Pipelines,
        (ExternalGroupList? Value, string? Error) External);
}
