using Actors.Consumers;
using Actors.Topics;

namespace Actors.Kafka.Edge.Groups;

/// <summary>
/// Shows the Kafka groups to operators through the core (<see cref="IExternalGroupSource"/>, added to the node's
/// <see cref="Broker"/> as <see cref="KafkaGroups"/> starts): every group the registry knows, with its state, its
/// members (and, for the "consumer" protocol, the partitions their assignment names) and its committed offsets.
/// Groups and topics whose names the core cannot hold (Kafka allows any string) are left out.
/// </summary>
internal sealed class KafkaGroupSource(KafkaGroups groups) : IExternalGroupSource
{
    public async Task<IReadOnlyList<ExternalGroupInfo>> ListAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var names = (await groups.ListAsync(timeout)).Where(TopicName.IsValid).ToList();
        var described = await Task.WhenAll(names.Select(async name =>
        {
            var description = groups.DescribeAsync(name, timeout);
            var committed = groups.CommittedAsync(name, timeout);
            return From(await description, await committed);
        }));
        return described.OfType<ExternalGroupInfo>().ToList();
    }

    /// <summary>The group as operators see it; null for a group with neither members nor offsets.</summary>
    internal static ExternalGroupInfo? From(KafkaGroupDescription group, IReadOnlyList<CommittedOffset> committed)
    {
        if (group.State == nameof(GroupPhase.Dead) && committed.Count == 0) return null;
        var consumer = group.ProtocolType == "consumer";
        var members = group.Members
            .Select(m => new ExternalGroupMember(m.MemberId, m.ClientId, m.ClientHost.TrimStart('/'), consumer ? Assigned(m.Assignment) : []))
            .OrderBy(m => m.Member, StringComparer.Ordinal)
            .ToList();
        var offsets = committed.Where(o => TopicName.IsValid(o.Topic))
            .Select(o => new ExternalGroupOffset(new TopicName(o.Topic), o.Partition, o.Offset))
            .OrderBy(o => o.Topic.Value, StringComparer.Ordinal).ThenBy(o => o.Partition)
            .ToList();
        return new ExternalGroupInfo(new GroupName(group.GroupId), GroupKinds.Kafka, State(group.State), members, offsets);
    }

    private static string State(string kafkaState) => kafkaState switch
    {
        nameof(GroupPhase.Stable) => "active",
        nameof(GroupPhase.PreparingRebalance) or nameof(GroupPhase.CompletingRebalance) => "rebalancing",
        _ => "empty",
    };

    /// <summary>
    /// The partitions a "consumer" protocol assignment names (ConsumerProtocolAssignment, never flexible: int16
    /// version, then an array of topic name and int32 partitions, then user data); none if it does not parse.
    /// </summary>
    internal static IReadOnlyList<ExternalTopicPartition> Assigned(byte[] assignment)
    {
        try
        {
            var span = assignment.AsSpan();
            var at = 2;
            var topics = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
            at += 4;
            var result = new List<ExternalTopicPartition>();
            for (var t = 0; t < topics; t++)
            {
                var length = BinaryPrimitives.ReadInt16BigEndian(span[at..]);
                at += 2;
                var topic = Encoding.UTF8.GetString(span.Slice(at, length));
                at += length;
                var count = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
                at += 4;
                for (var p = 0; p < count; p++, at += 4)
                    if (TopicName.IsValid(topic)) result.Add(new ExternalTopicPartition(new TopicName(topic), BinaryPrimitives.ReadInt32BigEndian(span[at..])));
            }

            return result;
        }
        catch (ArgumentOutOfRangeException)
        {
            return [];
        }
    }
}
