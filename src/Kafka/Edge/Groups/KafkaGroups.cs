using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// The Kafka consumer groups on one node, as an Akka extension (<c>KafkaGroups.Get(system)</c>, or
/// <see cref="KafkaGroupsHostingExtensions.StartKafkaGroups"/>): it starts the shard regions of group entities
/// (<c>kafka-group</c>) and of the group registry (<c>kafka-group-registry</c>), hosting them on the nodes with
/// <c>actors.topics.role</c> (as the core hosts partitions) and proxying on the others. Start it on every node as
/// the node joins, before its Kafka listener takes requests, and register the handlers with
/// <see cref="KafkaGroupApis.AddTo(Server.KafkaApis, KafkaGroups)"/>. It also adds the Kafka groups to what the core
/// lists for operators (<see cref="Broker.AddExternalGroups"/>: <c>actors groups</c>, <c>actors topics</c>).
/// </summary>
public sealed class KafkaGroups : IExtension
{
    public const string GroupTypeName = "kafka-group";
    public const string RegistryTypeName = "kafka-group-registry";

    public KafkaGroups(ExtendedActorSystem system)
    {
        KafkaGroupsSerializer.EnsureBound(system);
        Settings = KafkaGroupsSettings.Create(system);
        var topics = Topics.TopicsSettings.Create(system);
        var role = string.IsNullOrEmpty(topics.Role) ? null : topics.Role;
        var hosts = role is null || Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(role);

        var sharding = ClusterSharding.Get(system);
        var shardingSettings = ClusterShardingSettings.Create(system).WithRole(role);
        var groups = new GroupExtractor(topics.NumberOfShards);
        var registry = new RegistryExtractor();
        Registry = hosts
            ? sharding.Start(RegistryTypeName, _ => KafkaGroupRegistry.Props(Settings), shardingSettings, registry,
                sharding.DefaultShardAllocationStrategy(shardingSettings), PoisonPill.Instance)
            : sharding.StartProxy(RegistryTypeName, role!, registry);
        var registryRef = Registry;
        Groups = hosts
            ? sharding.Start(GroupTypeName, id => KafkaGroupActor.Props(id, registryRef, Settings), shardingSettings, groups,
                sharding.DefaultShardAllocationStrategy(shardingSettings), PoisonPill.Instance)
            : sharding.StartProxy(GroupTypeName, role!, groups);

        // The core keeps group names (native or Kafka) in its topic registry, and lists Kafka groups beside its own. The
        // registry is a singleton, found a little after a node joins: a first claim waits longer than a group's answer.
        var broker = Broker.Get(system);
        Names = new GroupNameGuard(broker.Registry, Settings.AskTimeout * 3, Akka.Event.Logging.GetLogger(system, typeof(KafkaGroups)));
        broker.AddExternalGroups(new KafkaGroupSource(this));
    }

    /// <summary>Claims a group's name for Kafka at the core's topic registry before its first join or commit on this node.</summary>
    public GroupNameGuard Names { get; }

    /// <summary>The node's <c>actors.edge.kafka.groups</c> settings.</summary>
    public KafkaGroupsSettings Settings { get; }

    /// <summary>The shard region of group entities: accepts every <see cref="IWithKafkaGroupId"/>.</summary>
    public IActorRef Groups { get; }

    /// <summary>The shard region of the group registry: accepts every <see cref="IKafkaGroupRegistryCommand"/>.</summary>
    public IActorRef Registry { get; }

    public static KafkaGroups Get(ActorSystem system) => system.WithExtension<KafkaGroups, KafkaGroupsProvider>();

    /// <summary>Every Kafka group the cluster has seen (with members or offsets), for operator listings.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(TimeSpan timeout) =>
        (await Registry.Ask<KafkaGroupNames>(ListKafkaGroups.Instance, timeout)).GroupIds;

    /// <summary>A group's state, protocol and members, as DescribeGroups shows them (state Dead for a group never seen).</summary>
    public Task<KafkaGroupDescription> DescribeAsync(string groupId, TimeSpan timeout) =>
        Groups.Ask<KafkaGroupDescription>(new DescribeKafkaGroup(groupId), timeout);

    /// <summary>A group's committed offsets, every partition it committed for.</summary>
    public async Task<IReadOnlyList<CommittedOffset>> CommittedAsync(string groupId, TimeSpan timeout) =>
        (await Groups.Ask<KafkaOffsets>(new FetchKafkaOffsets(groupId, null), timeout)).Offsets;

    /// <summary>Routes group commands to the entity named by the group id, spread over the core's number of shards.</summary>
    private sealed class GroupExtractor(int shards) : HashCodeMessageExtractor(shards)
    {
        public override string EntityId(object message) => message is IWithKafkaGroupId command ? command.GroupId : null!;
    }

    /// <summary>Routes every registry command to its one entity.</summary>
    private sealed class RegistryExtractor() : HashCodeMessageExtractor(1)
    {
        public override string EntityId(object message) => message is IKafkaGroupRegistryCommand ? KafkaGroupRegistry.EntityId : null!;
    }
}

/// <summary>Creates the <see cref="KafkaGroups"/> extension once per actor system.</summary>
public sealed class KafkaGroupsProvider : ExtensionIdProvider<KafkaGroups>
{
    public override KafkaGroups CreateExtension(ExtendedActorSystem system) => new(system);
}
