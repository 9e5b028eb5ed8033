using Actors.Consumers;
using Actors.Partitions;
using Actors.Topics;

namespace Actors.Client;

/// <summary>
/// The operator's side of the topic protocol: deleting a topic, describing its partitions (with the node hosting
/// each) and a group's members, and resetting a group's offsets. Group requests check that the topic exists first:
/// a group coordinator asked about an unknown topic would create it (consumers may subscribe before publishers).
/// </summary>
public sealed partial class TopicClient
{
    /// <summary>The consumer group <see cref="RedriveAsync"/> reads a dead-letter topic in: its lag is what a redrive would move.</summary>
    public static GroupName RedriveGroup { get; } = new("redrive");

    /// <summary>
    /// Deletes the topic, its dead-letter topic, their journals and their consumer groups, on every node; returns
    /// once all of that is done. A topic created again under the name starts empty.
    /// </summary>
    public async Task<TopicDeleted> DeleteTopicAsync(TopicName topic, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await _topics.Registry.Ask<object>(new DeleteTopic(topic), Timeout(timeout), cancellationToken);
        return reply switch
        {
            TopicDeleted deleted => deleted,
            TopicNotFound refused => throw new TopicException(refused.Reason),
            _ => throw new TopicException($"unexpected reply {reply.GetType().Name}"),
        };
    }

    /// <summary>Every partition's offsets and groups, with the node that hosts it.</summary>
    public async Task<IReadOnlyList<PartitionDescription>> DescribePartitionsAsync(TopicName topic, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var spec = await ExistingAsync(topic, timeout, cancellationToken);
        return await Task.WhenAll(Enumerable.Range(0, spec.Partitions)
            .Select(p => _topics.Partitions.Ask<PartitionDescription>(new DescribePartition(topic, p), Timeout(timeout), cancellationToken)));
    }

    /// <summary>The group's members on <paramref name="topic"/> and the partitions each holds.</summary>
    public async Task<GroupDescription> DescribeGroupAsync(TopicName topic, GroupName group, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        await ExistingAsync(topic, timeout, cancellationToken);
        return await _topics.Groups.Ask<GroupDescription>(new DescribeGroup(topic, group), Timeout(timeout), cancellationToken);
    }

    /// <summary>
    /// Moves the group's committed offset on every partition of <paramref name="topic"/> to <paramref name="position"/>;
    /// refused (a <see cref="TopicException"/>) while the group has members.
    /// </summary>
    public async Task<GroupOffsetsReset> ResetGroupAsync(TopicName topic, GroupName group, StartFrom position, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        await ExistingAsync(topic, timeout, cancellationToken);
        var reply = await _topics.Groups.Ask<object>(new ResetGroup(topic, group, position), Timeout(timeout), cancellationToken);
        return reply switch
        {
            GroupOffsetsReset reset => reset,
            GroupResetRefused refused => throw new TopicException(refused.Reason),
            _ => throw new TopicException($"unexpected reply {reply.GetType().Name}"),
        };
    }

    /// <summary>
    /// The consumer groups of the node's other doors (Kafka groups), with their members and committed offsets;
    /// <see cref="GetStatusAsync"/> gives the end offsets their lag is measured against.
    /// </summary>
    public Task<ExternalGroupList> ListExternalGroupsAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _topics.ListExternalGroupsAsync(Timeout(timeout), cancellationToken);

    private async Task<TopicSpec> ExistingAsync(TopicName topic, TimeSpan? timeout, CancellationToken cancellationToken) =>
        await GetTopicAsync(topic, timeout, cancellationToken) ?? throw new TopicException($"topic '{topic}' does not exist");
}
