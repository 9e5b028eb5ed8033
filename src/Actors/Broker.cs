using System.Collections.Concurrent;
using Actors.Client;
using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;

namespace Actors;

/// <summary>
/// The messaging core on one node, as an Akka extension (<c>Broker.Get(system)</c>): it starts the topic
/// registry singleton, the sharded partitions and group coordinators (hosting them when this node has
/// the configured role, proxying to them otherwise), and hands out topic refs, consumers and a client.
/// Start it on every node of the cluster as it joins (<see cref="TopicsHostingExtensions.AddTopics"/> does, and
/// <see cref="Routing.Routes"/>): sharding keeps its coordinator state in Distributed Data, whose reads need the
/// replicator on the nodes. Specs call <c>Broker.Get(system)</c> directly; it reads the settings once per node.
/// </summary>
public sealed class Broker : IExtension, ITopicEndpoints
{
    public const string PartitionTypeName = "topic-partition";
    public const string GroupTypeName = "topic-group";
    private readonly ExtendedActorSystem _system;
    private readonly ConcurrentDictionary<TopicName, Lazy<IActorRef>> _publishers = new();
    private readonly List<IExternalGroupSource> _externalGroups = [];
    private long _consumerCount;

    public Broker(ExtendedActorSystem system)
    {
        _system = system;
        Diagnostics.ClusterMembers.Register(system);
        Settings = TopicsSettings.Create(system);
        ConsumersSettings = ConsumersSettings.Create(system);
        var role = string.IsNullOrEmpty(Settings.Role) ? null : Settings.Role;
        var hosts = role is null || Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(role);

        // The proxy finds the singleton's manager by the path it has on every node that hosts it.
        const string registryName = "topic-registry";
        if (hosts)
            system.ActorOf(ClusterSingletonManager.Props(TopicRegistry.Props(Settings), PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(role).WithSingletonName("registry")), registryName);
        Registry = system.ActorOf(ClusterSingletonProxy.Props((system.Guardian.Path / registryName).ToStringWithoutAddress(),
            ClusterSingletonProxySettings.Create(system).WithRole(role).WithSingletonName("registry")), "topic-registry-proxy");

        var sharding = ClusterSharding.Get(system);
        var shardingSettings = ClusterShardingSettings.Create(system).WithRole(role);
        Partitions = hosts
            ? sharding.Start(PartitionTypeName, id => PartitionActor.Props(id, Settings, Registry, TopicRef), shardingSettings,
                new PartitionMessageExtractor(Settings.NumberOfShards), sharding.DefaultShardAllocationStrategy(shardingSettings), PartitionActor.StopPartition.Instance)
            : sharding.StartProxy(PartitionTypeName, role!, new PartitionMessageExtractor(Settings.NumberOfShards));
        Groups = hosts
            ? sharding.Start(GroupTypeName, id => GroupCoordinator.Props(id, Registry, ConsumersSettings.MemberTimeout, Settings.LookupRetryInterval), shardingSettings, new GroupMessageExtractor(Settings.NumberOfShards))
            : sharding.StartProxy(GroupTypeName, role!, new GroupMessageExtractor(Settings.NumberOfShards));
        Client = new TopicClient(this);
        // Users and ACLs live beside the topics: their registry is a singleton where the registry is.
        Security.Security.Get(system);
    }

    /// <summary>The node's <c>actors.topics</c> settings, read once as the broker starts.</summary>
    public TopicsSettings Settings { get; }

    /// <summary>The node's <c>actors.consumers</c> settings, read once as the broker starts.</summary>
    public ConsumersSettings ConsumersSettings { get; }

    /// <summary>The topic registry (a proxy to the cluster singleton).</summary>
    public IActorRef Registry { get; }

    /// <summary>The shard region of partition entities; accepts every <see cref="IPartitionCommand"/>.</summary>
    public IActorRef Partitions { get; }

    /// <summary>The shard region of group coordinators.</summary>
    public IActorRef Groups { get; }

    /// <summary>An async API over the same messages, for code that is not an actor.</summary>
    public TopicClient Client { get; }

    /// <summary>Routing to routee actors across the cluster, and from topics to them (<see cref="Routing.Routes"/>).</summary>
    public Routing.Routes Routes => Routing.Routes.Get(_system);

    internal ActorSystem System => _system;

    ActorSystem ITopicEndpoints.System => _system;

    void ITopicEndpoints.Open(ConsumerSettings settings, IActorRef target) => Subscribe(settings, target);

    Task<ExternalGroupList> ITopicEndpoints.ListExternalGroupsAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        ListExternalGroupsAsync(timeout, cancellationToken);

    /// <summary>Adds a door's consumer groups to what operators list (<see cref="ListExternalGroupsAsync"/>); the Kafka edge adds its own as the node starts.</summary>
    public void AddExternalGroups(IExternalGroupSource source)
    {
        lock (_externalGroups) _externalGroups.Add(source);
    }

    /// <summary>The groups of every source added with <see cref="AddExternalGroups"/>, by name (none without a source).</summary>
    public async Task<ExternalGroupList> ListExternalGroupsAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        IExternalGroupSource[] sources;
        lock (_externalGroups) sources = [.. _externalGroups];
        var lists = await Task.WhenAll(sources.Select(s => s.ListAsync(timeout, cancellationToken)));
        return new ExternalGroupList(lists.SelectMany(l => l).OrderBy(g => g.Group.Value, StringComparer.Ordinal).ToList());
    }

    public static Broker Get(ActorSystem system) => system.WithExtension<Broker, BrokerProvider>();

    /// <summary>
    /// The ref to tell <see cref="Publish"/> messages for <paramref name="topic"/>: it picks the partition and
    /// the confirm comes back to the sender. One <see cref="TopicPublisher"/> per topic per node, created on first use.
    /// </summary>
    public IActorRef TopicRef(TopicName topic) =>
        _publishers.GetOrAdd(topic, t => new Lazy<IActorRef>(() =>
            _system.SystemActorOf(TopicPublisher.Props(t, Registry, Partitions, Settings.LookupRetryInterval), TopicPublisher.ActorName(t)))).Value;

    /// <summary>
    /// Joins <paramref name="target"/> to a consumer group: it receives <see cref="Delivery"/> messages
    /// (at most <c>Prefetch</c> un-acked per partition) and acks or nacks each to the sender. Returns the
    /// member actor; stopping it (or the target) leaves the group.
    /// </summary>
    public IActorRef Subscribe(ConsumerSettings settings, IActorRef target)
    {
        var name = $"consumer-{settings.Topic.Value}-{settings.Group.Value}-{Interlocked.Increment(ref _consumerCount)}";
        var member = GroupMember.Props(settings, target, Groups, Partitions, ConsumersSettings.HeartbeatInterval, ConsumersSettings.RetryInterval,
            Settings.MaxMessageBytes);
        return _system.SystemActorOf(member, name);
    }
}

/// <summary>Creates the <see cref="Broker"/> extension once per actor system.</summary>
public sealed class BrokerProvider : ExtensionIdProvider<Broker>
{
    public override Broker CreateExtension(ExtendedActorSystem system) => new(system);
}
