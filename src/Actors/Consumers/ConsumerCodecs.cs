using Actors.Serialization;
using Actors.Topics;

namespace Actors.Consumers;

/// <summary>The protobuf encoding of the consumer group protocol (<c>ConsumerProtocol.cs</c>) and of the coordinator's journal event (<c>GroupEvents.cs</c>).</summary>
internal static class ConsumerCodecs
{
    public static readonly IReadOnlyList<Codec> All =
    [
        Codec.Of<JoinGroup>("jg", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Str(3, Codec.Path(m.Member)).I64(4, m.KnownGeneration),
            (r, s) => new JoinGroup(new TopicName(r.Str(1)), new GroupName(r.Str(2)), s.Resolve(r.Str(3)), r.I64(4))),
        Codec.Of<LeaveGroup>("lg", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).Str(3, Codec.Path(m.Member)),
            (r, s) => new LeaveGroup(new TopicName(r.Str(1)), new GroupName(r.Str(2)), s.Resolve(r.Str(3)))),
        Codec.Of<GroupAssignment>("ga", (w, m) => w.Str(1, m.Topic.Value).Str(2, m.Group.Value).I64(3, m.Generation).Each(4, m.Partitions, (p, v) => p.I64(1, v)),
            (r, _) => new GroupAssignment(new TopicName(r.Str(1)), new GroupName(r.Str(2)), r.I64(3), r.Each(4).Select(p => p.I32(1)).ToList())),

        // Journal events
        Codec.Of<GroupGenerationIssued>("ggi", (w, m) => w.I64(1, m.Generation), (r, _) => new GroupGenerationIssued(r.I64(1))),
    ];
}
