using Actors.Consumers;
using Actors.Partitions;
using Akka.Cluster.Sharding;

namespace Actors.Topics;

/// <summary>Routes partition commands to their entity (<c>topic:partition</c>) and spreads entities over shards.</summary>
internal sealed class PartitionMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public override string EntityId(object message) => message switch
    {
        IPartitionCommand command => PartitionActor.EntityId(command.Topic, command.Partition),
        _ => null!,
    };
}

/// <summary>Routes group commands to their coordinator entity (<c>topic:group</c>).</summary>
internal sealed class GroupMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public override string EntityId(object message) => message switch
    {
        IGroupCommand command => GroupCoordinator.EntityId(command.Topic, command.Group),
        _ => null!,
    };
}
