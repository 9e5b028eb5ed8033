using Actors.Topics;
using Akka.Actor;

namespace Actors.Kafka.Edge;

/// <summary>The node hosting a partition became unreachable or left while a request waited on it (or before it was sent).</summary>
public sealed class PartitionLostException(Address? host)
    : Exception(host is null ? "a node was lost while the partition was asked; its host is not known yet" : $"the node hosting the partition ({host}) is unreachable");

/// <summary>
/// Asks a partition wherever it lives (through the shard region), ending with <see cref="PartitionLostException"/>
/// as soon as the node hosting it is lost instead of at the timeout; not sent at all when that node is unreachable
/// already. The handlers answer that with NOT_LEADER_OR_FOLLOWER, so clients refresh metadata and retry while
/// sharding moves the partition.
/// </summary>
public static class PartitionAsks
{
    /// <summary>Asks the node's partition region (<see cref="Broker.Partitions"/>).</summary>
    public static Task<T> AskPartitionAsync<T>(this EdgeView view, Broker broker, TopicName topic, int partition, object message, TimeSpan timeout, CancellationToken cancellationToken) =>
        view.AskPartitionAsync<T>(broker.Partitions, broker.Settings.NumberOfShards, topic, partition, message, timeout, cancellationToken);

    /// <summary>Asks <paramref name="partitions"/>, a region of <paramref name="numberOfShards"/> shards.</summary>
    public static Task<T> AskPartitionAsync<T>(this EdgeView view, IActorRef partitions, int numberOfShards, TopicName topic, int partition, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var route = view.Route(topic, partition, numberOfShards);
        return route.IsLost
            ? Task.FromException<T>(new PartitionLostException(route.Host))
            : AskWatchedAsync<T>(partitions, route, message, timeout, cancellationToken);
    }

    private static async Task<T> AskWatchedAsync<T>(IActorRef partitions, PartitionRoute route, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, route.HostLost);
        try
        {
            return await partitions.Ask<T>(message, timeout, linked.Token);
        }
        catch (OperationCanceledException) when (route.HostLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PartitionLostException(route.Host);
        }
    }
}
